package io.memorymanager.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The tracer's parts that need no agent: how a site is named, the samples and what they say, and the rewrite of
 * the JDK's own ByteBuffer class file. The agent's run (the rewrite installed, a child JVM allocating) is
 * {@code AgentIT.directBufferTracingNamesTheSiteWhoseBuffersStayAliveAndStopsWhenAsked}.
 */
class DirectBufferTracerTest {

    private static Iterator<String[]> frames(String... classMethodLine) {
        List<String[]> list = new ArrayList<>();
        for (String f : classMethodLine) {
            list.add(f.split(" "));
        }
        return list.iterator();
    }

    @Test
    void aSiteIsTheFirstApplicationFrameAndItsCallerInAnotherClass() {
        assertThat(DirectBufferTracer.site(frames(
                "io.memorymanager.profile.DirectBufferTracer allocated 0",
                "java.nio.MemoryManagerDirectBufferHook allocated 0",
                "java.nio.ByteBuffer allocateDirect 332",
                "com.acme.net.BufferPool acquire 31",
                "com.acme.net.BufferPool$Slab refill 12",
                "com.acme.net.MessageRelay lambda$run$0 27",
                "com.acme.server.Traffic work 80")))
                .isEqualTo("com.acme.net.BufferPool.acquire:31 (called from com.acme.net.MessageRelay.lambda$run$0:27)");
    }

    @Test
    void withoutAnApplicationFrameTheSiteIsTheFirstFrameOutsideJavaNio() {
        assertThat(DirectBufferTracer.site(frames(
                "java.nio.ByteBuffer allocateDirect 332",
                "sun.nio.ch.Util getTemporaryDirectBuffer 248",
                "sun.nio.ch.IOUtil write 62",
                "java.lang.Thread run 840")))
                .isEqualTo("sun.nio.ch.Util.getTemporaryDirectBuffer:248");
        assertThat(DirectBufferTracer.site(frames("java.nio.ByteBuffer allocateDirect 332"))).isEqualTo("unknown");
        assertThat(DirectBufferTracer.site(frames("java.nio.ByteBuffer allocateDirect 332",
                "org.eclipse.jetty.io.ArrayByteBufferPool acquire 200", "java.lang.Thread run 840")))
                .as("Memory Manager's HTTP stack's own buffers are not sampled").isNull();
        assertThat(DirectBufferTracer.site(frames("java.nio.ByteBuffer allocateDirect 332",
                "com.acme.Store keep -1"))).isEqualTo("com.acme.Store.keep");
    }

    @Test
    void theSitesSayHowManySampledBuffersAreStillAliveAndTheirBytes() {
        DirectBufferTracer tracer = new DirectBufferTracer(null);
        List<ByteBuffer> kept = new ArrayList<>();
        long old = System.nanoTime() - Duration.ofMinutes(2).toNanos();
        for (int i = 0; i < 5; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4096);
            kept.add(b);
            tracer.record(b, "com.acme.Store.keep:10", old);
        }
        tracer.record(kept.get(0), "com.acme.Scratch.sum:5", System.nanoTime());
        List<DirectBufferSite> sites = tracer.sites();
        assertThat(sites).extracting(DirectBufferSite::site).containsExactly("com.acme.Store.keep:10",
                "com.acme.Scratch.sum:5");
        DirectBufferSite store = sites.get(0);
        assertThat(store.sampledBuffers()).isEqualTo(5);
        assertThat(store.liveBuffers()).isEqualTo(5);
        assertThat(store.liveBytes()).isEqualTo(5 * 4096);
        assertThat(store.oldestLiveSeconds()).isBetween(119L, 125L);
        assertThat(tracer.leakingSite(60)).hasValue("com.acme.Store.keep:10 (5 of the 5 buffers sampled there still "
                + "alive)");
        // a site whose live buffers are all younger than the age asked is no answer yet
        assertThat(tracer.leakingSite(600)).isEmpty();
        assertThat(kept).hasSize(5);
    }

    @Test
    void noSiteIsTheAnswerWhenItHoldsLessThanHalfOfTheOldLiveBytes() {
        DirectBufferTracer tracer = new DirectBufferTracer(null);
        List<ByteBuffer> kept = new ArrayList<>();
        long old = System.nanoTime() - Duration.ofMinutes(2).toNanos();
        for (String site : List.of("com.acme.A.a:1", "com.acme.B.b:2", "com.acme.C.c:3")) {
            for (int i = 0; i < 3; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(1024);
                kept.add(b);
                tracer.record(b, site, old);
            }
        }
        assertThat(tracer.leakingSite(60)).isEmpty();
        assertThat(kept).hasSize(9);
    }

    @Test
    @Tag("gc")
    void buffersAreHeldWeaklyAndASlotWhoseBufferIsGoneIsReused() {
        DirectBufferTracer tracer = new DirectBufferTracer(null);
        long now = System.nanoTime();
        for (int i = 0; i < DirectBufferTracer.MAX_SAMPLES; i++) {
            tracer.record(ByteBuffer.allocateDirect(16), "com.acme.Scratch.sum:5", now);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            System.gc();
            return tracer.sites().get(0).liveBuffers() == 0;
        });
        ByteBuffer kept = ByteBuffer.allocateDirect(64);
        tracer.record(kept, "com.acme.Store.keep:10", now);
        assertThat(tracer.sites()).first().satisfies(s -> {
            assertThat(s.site()).isEqualTo("com.acme.Store.keep:10");
            assertThat(s.liveBuffers()).isEqualTo(1);
        });
        assertThat(kept.capacity()).isEqualTo(64);
    }

    @Test
    void withoutInstrumentationTracingIsUnavailableAndSaysWhy() {
        DirectBufferTracer tracer = new DirectBufferTracer(null);
        assertThat(tracer.unavailable()).contains("needs the Memory Manager agent");
        assertThat(tracer.isOn()).isFalse();
    }

    @Test
    void theRewriteHandsTheNewBufferToTheHookBeforeAllocateDirectReturnsAndTouchesNothingElse() throws IOException {
        byte[] original;
        try (InputStream in = ByteBuffer.class.getResourceAsStream("ByteBuffer.class")) {
            original = in.readAllBytes();
        }
        byte[] rewritten = DirectBufferTracer.rewrite(original);
        assertThat(calls(rewritten, "allocateDirect")).containsSubsequence("DUP",
                "INVOKESTATIC java/nio/MemoryManagerDirectBufferHook.allocated(Ljava/nio/ByteBuffer;)V", "ARETURN");
        assertThat(calls(original, "allocateDirect")).noneMatch(c -> c.contains("MemoryManagerDirectBufferHook"));
        assertThat(calls(rewritten, "allocate")).isEqualTo(calls(original, "allocate"));
        assertThat(methods(rewritten)).isEqualTo(methods(original));
    }

    private static List<String> methods(byte[] classfile) {
        List<String> names = new ArrayList<>();
        new ClassReader(classfile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                names.add(name + descriptor);
                return null;
            }
        }, 0);
        return names;
    }

    // the instructions of one method that the rewrite may touch: stack, calls, returns
    private static List<String> calls(byte[] classfile, String method) {
        List<String> seen = new ArrayList<>();
        new ClassReader(classfile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if (!name.equals(method) || !descriptor.equals("(I)Ljava/nio/ByteBuffer;")) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInsn(int opcode) {
                        seen.add(opcode == Opcodes.DUP ? "DUP" : opcode == Opcodes.ARETURN ? "ARETURN" : "op" + opcode);
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                            boolean isInterface) {
                        seen.add((opcode == Opcodes.INVOKESTATIC ? "INVOKESTATIC " : "INVOKE ") + owner + "." + name
                                + descriptor);
                    }
                };
            }
        }, 0);
        return seen;
    }
}
