package io.memorymanager.profile;

import io.memorymanager.internal.ClassNames;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Where direct buffers are allocated, which neither the JDK's counters nor JFR tell: JFR's old-object sampler
 * samples by heap bytes, and a {@code DirectByteBuffer} is a few dozen bytes of heap for megabytes of native memory.
 *
 * <p>Only while it is on (asked by an operator, or by the leak detector while direct memory rises) and only with
 * the agent's {@link Instrumentation}: {@code ByteBuffer.allocateDirect} is rewritten to hand each new buffer to
 * a hook (one static call before it returns), and rewritten back when tracing stops. The hook is a tiny class
 * defined in {@code java.nio} (no file is written); it holds no state but the sink. The sink samples at most
 * {@link #MAX_WALKS_PER_SECOND} allocations a second: the allocating stack's first application frame, the buffer
 * by weak reference (it is never kept alive by us) and its capacity, in at most {@link #MAX_SAMPLES} slots. A site
 * whose sampled buffers stay alive is where the live direct memory comes from. Any failure of the sink turns
 * tracing off; the application's allocation never sees it.
 */
final class DirectBufferTracer {

    static final int MAX_SAMPLES = 1024;
    static final int MAX_WALKS_PER_SECOND = 200;
    static final int MAX_SITES = 256;
    static final String HOOK = "java.nio.MemoryManagerDirectBufferHook";
    private static final String HOOK_INTERNAL = HOOK.replace('.', '/');
    private static final long MIN_WALK_NANOS = 1_000_000_000L / MAX_WALKS_PER_SECOND;
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final Set<String> JDK = Set.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    private final Instrumentation instrumentation;
    private final ClassFileTransformer transformer = new Rewriter();
    private final Consumer<ByteBuffer> sink = this::allocated;
    private final AtomicLong lastWalk = new AtomicLong(System.nanoTime() - MIN_WALK_NANOS);
    private final Object lock = new Object();
    private final Sample[] samples = new Sample[MAX_SAMPLES];
    private final Map<String, long[]> sampledBySite = new HashMap<>();
    private volatile boolean on;
    private volatile String unavailable;
    /** What the sink failed with (kept as it is: no message is built on the application's thread). */
    private volatile Throwable failure;
    private volatile boolean rewritten;
    private volatile String rewriteFailure;
    private VarHandle sinkHandle;
    private long startedNanos;

    private record Sample(WeakReference<ByteBuffer> buffer, String site, int capacity, long atNanos) {
    }

    /** @param instrumentation the agent's; null when there is none (then tracing is unavailable, and says why) */
    DirectBufferTracer(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
        this.unavailable = instrumentation == null
                ? "tracing where direct buffers are allocated needs the Memory Manager agent (-javaagent or attach), "
                        + "which may rewrite a JDK method while tracing"
                : !instrumentation.isRetransformClassesSupported()
                        ? "this agent's JVM does not allow retransforming classes (Can-Retransform-Classes)" : null;
    }

    /** Why tracing cannot run here, or null when it can. */
    String unavailable() {
        Throwable t = failure;
        return unavailable != null ? unavailable : t == null ? null
                : "tracing direct buffers stopped after an error in its sampling: " + t;
    }

    boolean isOn() {
        return on;
    }

    /** Turns tracing on or off; on forgets the samples of any earlier tracing. */
    synchronized void set(boolean enable) {
        if (enable) {
            if (on) {
                return;
            }
            if (unavailable() != null) {
                throw new IllegalStateException(unavailable());
            }
            stopQuietly();          // after a failure in the sink: installed but off, torn down first
            try {
                start();
            } catch (Busy e) {
                stopQuietly();      // another Memory Manager holds the hook: try again later
                throw e;
            } catch (RuntimeException | LinkageError | UnmodifiableClassException e) {
                unavailable = "tracing direct buffers failed to start and is off: " + e;
                stopQuietly();
                throw new IllegalStateException(unavailable, e);
            }
        } else {
            stopQuietly();
        }
    }

    /** The hook is another Memory Manager's: not a reason to give up for good. */
    private static final class Busy extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Busy() {
            super("another Memory Manager in this JVM is tracing direct buffers");
        }
    }

    private void start() throws UnmodifiableClassException {
        if (!instrumentation.isModifiableClass(ByteBuffer.class)) {
            throw new IllegalStateException("java.nio.ByteBuffer cannot be retransformed in this JVM");
        }
        VarHandle handle = hookSink();
        if (!handle.compareAndSet((Consumer<?>) null, sink)) {
            throw new Busy();
        }
        sinkHandle = handle;
        synchronized (lock) {
            java.util.Arrays.fill(samples, null);
            sampledBySite.clear();
        }
        startedNanos = System.nanoTime();
        failure = null;
        rewritten = false;
        on = true;
        instrumentation.addTransformer(transformer, true);
        instrumentation.retransformClasses(ByteBuffer.class);
        if (!rewritten) {
            throw new IllegalStateException(rewriteFailure == null ? "java.nio.ByteBuffer was not rewritten"
                    : rewriteFailure);
        }
    }

    private void stopQuietly() {
        on = false;
        if (sinkHandle != null) {
            sinkHandle.compareAndSet(sink, (Consumer<?>) null);
        }
        if (instrumentation != null && instrumentation.removeTransformer(transformer)) {
            try {
                // without our transformer, the JVM restores the method as it was
                instrumentation.retransformClasses(ByteBuffer.class);
            } catch (UnmodifiableClassException | RuntimeException e) {
                unavailable = "restoring java.nio.ByteBuffer failed: " + e;
            }
        }
    }

    // The hook class in java.nio (defined once per JVM, in the boot loader, from bytes made here) and its sink field.
    private VarHandle hookSink() {
        Module base = Object.class.getModule();
        Module us = DirectBufferTracer.class.getModule();
        if (!base.isOpen("java.nio", us)) {
            instrumentation.redefineModule(base, Set.of(), Map.of(), Map.of("java.nio", Set.of(us)), Set.of(),
                    Map.of());
        }
        try {
            MethodHandles.Lookup nio = MethodHandles.privateLookupIn(ByteBuffer.class, MethodHandles.lookup());
            Class<?> hook;
            try {
                hook = Class.forName(HOOK, false, null);
            } catch (ClassNotFoundException absent) {
                hook = nio.defineClass(hookBytes());
            }
            return MethodHandles.privateLookupIn(hook, MethodHandles.lookup())
                    .findStaticVarHandle(hook, "sink", Consumer.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot define the direct-buffer hook in java.nio: " + e, e);
        }
    }

    /**
     * {@code final class MemoryManagerDirectBufferHook { static volatile Consumer sink; static void allocated(ByteBuffer
     * b) { Consumer s = sink; if (s != null) s.accept(b); } }}
     */
    static byte[] hookBytes() {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, HOOK_INTERNAL, null,
                "java/lang/Object", null);
        w.visitField(Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE, "sink", "Ljava/util/function/Consumer;", null, null)
                .visitEnd();
        MethodVisitor m = w.visitMethod(Opcodes.ACC_STATIC, "allocated", "(Ljava/nio/ByteBuffer;)V", null, null);
        m.visitCode();
        m.visitFieldInsn(Opcodes.GETSTATIC, HOOK_INTERNAL, "sink", "Ljava/util/function/Consumer;");
        m.visitVarInsn(Opcodes.ASTORE, 1);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        Label none = new Label();
        m.visitJumpInsn(Opcodes.IFNULL, none);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/Consumer", "accept", "(Ljava/lang/Object;)V",
                true);
        m.visitLabel(none);
        m.visitFrame(Opcodes.F_APPEND, 1, new Object[] {"java/util/function/Consumer"}, 0, null);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    /** {@code ByteBuffer.allocateDirect} with a call to the hook, the new buffer on the stack, before it returns. */
    static byte[] rewrite(byte[] byteBuffer) {
        ClassReader r = new ClassReader(byteBuffer);
        ClassWriter w = new ClassWriter(r, 0);
        boolean[] done = new boolean[1];
        r.accept(new ClassVisitor(Opcodes.ASM9, w) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals("allocateDirect") || !descriptor.equals("(I)Ljava/nio/ByteBuffer;")) {
                    return mv;
                }
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitInsn(int opcode) {
                        if (opcode == Opcodes.ARETURN) {
                            super.visitInsn(Opcodes.DUP);
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK_INTERNAL, "allocated",
                                    "(Ljava/nio/ByteBuffer;)V", false);
                            done[0] = true;
                        }
                        super.visitInsn(opcode);
                    }

                    @Override
                    public void visitMaxs(int maxStack, int maxLocals) {
                        super.visitMaxs(maxStack + 1, maxLocals);
                    }
                };
            }
        }, 0);
        if (!done[0]) {
            throw new IllegalStateException("java.nio.ByteBuffer has no allocateDirect(int) returning a buffer");
        }
        return w.toByteArray();
    }

    private final class Rewriter implements ClassFileTransformer {
        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                ProtectionDomain domain, byte[] classfile) {
            if (redefined != ByteBuffer.class || !on) {
                return null;
            }
            try {
                byte[] rewrittenClass = rewrite(classfile);
                rewritten = true;
                return rewrittenClass;
            } catch (Throwable e) {
                // a class file this ASM cannot read (a newer JDK): the method stays as it is, and start() says so
                rewriteFailure = "cannot rewrite java.nio.ByteBuffer of this JDK: " + e;
                return null;
            }
        }
    }

    // ------------------------------------------------------------------------------------------- sampling

    /** Called by the hook for every direct buffer while tracing; must never throw into the application. */
    void allocated(ByteBuffer buffer) {
        try {
            long now = System.nanoTime();
            long last = lastWalk.get();
            if (!on || now - last < MIN_WALK_NANOS || !lastWalk.compareAndSet(last, now)) {
                return;
            }
            String site = WALKER.walk(frames -> site(frames.limit(64).map(f -> new String[] {f.getClassName(),
                    f.getMethodName(), String.valueOf(f.getLineNumber())}).iterator()));
            if (site != null) {
                record(buffer, site, now);
            }
        } catch (Throwable t) {
            // nothing built here (the error may be an OutOfMemoryError): the next stop tears the hook down
            on = false;
            failure = t;
        }
    }

    /**
     * The first application frame, and the caller of the first one in another class (a pool's {@code acquire} is
     * called from where the buffer is kept): {@code com.acme.BufferPool.acquire:31 (called from
     * com.acme.Relay.send:27)}; without an application frame, the first outside java.nio; null (not sampled) when
     * only Memory Manager's own classes (and the stack it ships) allocated it.
     */
    static String site(java.util.Iterator<String[]> frames) {
        String firstOutsideNio = null;
        boolean own = false;
        String first = null;
        String firstType = null;
        while (frames.hasNext()) {
            String[] f = frames.next();
            String type = f[0];
            if (type.startsWith("java.nio.") || type.equals(DirectBufferTracer.class.getName())
                    || type.startsWith(DirectBufferTracer.class.getName() + "$")) {
                continue;
            }
            String shown = ClassNames.readable(type) + "." + f[1] + (Integer.parseInt(f[2]) > 0 ? ":" + f[2] : "");
            if (firstOutsideNio == null) {
                firstOutsideNio = shown;
            }
            if (OwnClasses.isOwn(type)) {
                own = true;
                continue;
            }
            if (JDK.stream().anyMatch(type::startsWith)) {
                continue;
            }
            if (first == null) {
                first = shown;
                firstType = type;
            } else if (!outer(type).equals(outer(firstType))) {
                return first + " (called from " + shown + ")";
            }
        }
        // Memory Manager's own (its HTTP stack's buffers, with no application frame) is never a site
        return first != null ? first : own ? null : firstOutsideNio == null ? "unknown" : firstOutsideNio;
    }

    // com.acme.Relay$1 and com.acme.Relay are one class to a reader
    private static String outer(String type) {
        int dollar = type.indexOf('$');
        return dollar < 0 ? type : type.substring(0, dollar);
    }

    /** Keeps one sample: in a free slot, else one whose buffer is gone, else (every slot alive) not at all. */
    void record(ByteBuffer buffer, String site, long atNanos) {
        synchronized (lock) {
            String key = sampledBySite.containsKey(site) || sampledBySite.size() < MAX_SITES ? site : "other sites";
            sampledBySite.computeIfAbsent(key, k -> new long[1])[0]++;
            for (int i = 0; i < samples.length; i++) {
                Sample s = samples[i];
                if (s == null || s.buffer().get() == null) {
                    samples[i] = new Sample(new WeakReference<>(buffer), key, buffer.capacity(), atNanos);
                    return;
                }
            }
        }
    }

    /** Sites by live sampled bytes, most first. */
    List<DirectBufferSite> sites() {
        long now = System.nanoTime();
        Map<String, long[]> live = new HashMap<>();
        Map<String, Long> sampled;
        synchronized (lock) {
            for (Sample s : samples) {
                if (s != null && s.buffer().get() != null) {
                    long[] v = live.computeIfAbsent(s.site(), k -> new long[3]);
                    v[0]++;
                    v[1] += s.capacity();
                    v[2] = Math.max(v[2], now - s.atNanos());
                }
            }
            sampled = new HashMap<>();
            sampledBySite.forEach((k, v) -> sampled.put(k, v[0]));
        }
        List<DirectBufferSite> result = new ArrayList<>();
        sampled.forEach((site, n) -> {
            long[] v = live.getOrDefault(site, new long[3]);
            result.add(new DirectBufferSite(site, n, v[0], v[1], v[2] / 1_000_000_000L));
        });
        result.sort(Comparator.comparingLong(DirectBufferSite::liveBytes).reversed()
                .thenComparing(Comparator.comparingLong(DirectBufferSite::sampledBuffers).reversed()));
        return result;
    }

    /**
     * Where the live direct memory comes from, as the leak detector words it: the site holding most live sampled
     * bytes in buffers that outlived {@code minAgeSeconds}, when it holds most of them; empty before there is one.
     */
    Optional<String> leakingSite(long minAgeSeconds) {
        List<DirectBufferSite> sites = sites();
        long total = sites.stream().filter(s -> s.oldestLiveSeconds() >= minAgeSeconds)
                .mapToLong(DirectBufferSite::liveBytes).sum();
        return sites.stream().filter(s -> s.oldestLiveSeconds() >= minAgeSeconds && s.liveBuffers() >= 2)
                .findFirst()
                .filter(s -> s.liveBytes() * 2 > total)
                .map(s -> String.format("%s (%d of the %d buffers sampled there still alive)", s.site(),
                        s.liveBuffers(), s.sampledBuffers()));
    }

    long tracingSeconds() {
        return on ? (System.nanoTime() - startedNanos) / 1_000_000_000L : 0;
    }
}
