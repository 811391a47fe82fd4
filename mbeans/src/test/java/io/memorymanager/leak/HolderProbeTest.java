package io.memorymanager.leak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memorymanager.profile.Profiler;
import io.memorymanager.profile.ProfilerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe on this JVM's real flight recorder: objects kept in a static map are found held by that field, objects
 * kept in a pooled thread's ThreadLocal by that thread, and the class that starts threads is named. Nothing is left
 * in the output directory afterwards.
 */
class HolderProbeTest {

    /** An application's leak: sessions kept in a static map. */
    static final class LeakySession {
        final byte[] payload = new byte[512];
    }

    static final ThreadLocal<List<LeakySession>> CONTEXT = ThreadLocal.withInitial(ArrayList::new);
    static volatile Object sink;

    @TempDir
    Path out;
    private HolderProbe probe;
    private final List<Thread> started = new ArrayList<>();

    @AfterEach
    void stop() {
        if (probe != null) {
            probe.close();
        }
        started.forEach(Thread::interrupt);
        com.acme.probe.Registry.SESSIONS.clear();
    }

    private HolderProbe probe() {
        Profiler profiler = new Profiler(ProfilerSettings.defaults().withOutputDirectory(out.resolve("mm")));
        probe = new HolderProbe(profiler, 1000);
        return probe;
    }

    @Test
    void namesTheStaticFieldThatHoldsTheSuspectClassAndTheClassThatStartsThreads() throws Exception {
        HolderProbe p = probe();
        String suspect = LeakySession.class.getName();
        assertThat(p.start(List.of(suspect), "probe-leaky-#")).isTrue();
        long key = 0;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < until) {
            for (int i = 0; i < 200; i++) {
                com.acme.probe.Registry.SESSIONS.put(key++, new LeakySession());
                for (int g = 0; g < 20; g++) {
                    sink = new byte[1024];
                }
            }
            if (key % 20_000 == 0) {
                started.add(com.acme.probe.Starter.park("probe-leaky-" + key));
            }
            Thread.sleep(1);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            p.start(List.of(suspect), "probe-leaky-#");
            return p.answers().containsKey(suspect);
        });
        assertThat(p.answers().get(suspect)).isEqualTo("static com.acme.probe.Registry.SESSIONS (java.util.HashMap)");
        assertThat(p.answers().get("thread:probe-leaky-#")).startsWith("com.acme.probe.Starter.park:");
        try (var files = Files.list(out.resolve("mm"))) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith(".work-"))).isEmpty();
        }
    }

    @Test
    void aSlowSearchPutsTheNextDumpsOffAndOnlyThreeInARowStopTheProbe() throws Exception {
        Profiler profiler = new Profiler(ProfilerSettings.defaults().withOutputDirectory(out.resolve("mm")));
        probe = new HolderProbe(profiler, 100, -1);          // every search counts as slow
        List<String> suspects = List.of(LeakySession.class.getName());
        assertThat(probe.start(suspects, null)).isTrue();    // recording
        int calls = 0;
        while (probe.slowSearches() < 1) {
            Thread.sleep(110);
            assertThat(probe.start(suspects, null)).isTrue();
            calls++;
        }
        // the dumps after a slow one are put off, the recording going on: no second search for four intervals
        for (int i = 0; i < HolderProbe.SLOW_BACKOFF_DUMPS; i++) {
            Thread.sleep(110);
            assertThat(probe.start(suspects, null)).isTrue();
            assertThat(probe.slowSearches()).isEqualTo(1);
        }
        while (probe.start(suspects, null)) {
            Thread.sleep(110);
            assertThat(++calls).as("stops after three slow searches in a row").isLessThan(100);
        }
        assertThat(probe.slowSearches()).isEqualTo(HolderProbe.MAX_SLOW_SEARCHES);
        assertThat(probe.start(suspects, null)).as("stopped for good").isFalse();
    }

    @Test
    void namesTheThreadWhoseThreadLocalHoldsTheSuspectClass() throws Exception {
        HolderProbe p = probe();
        String suspect = LeakySession.class.getName();
        assertThat(p.start(List.of(suspect), null)).isTrue();
        Thread worker = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (int i = 0; i < 200; i++) {
                    CONTEXT.get().add(new LeakySession());
                    for (int g = 0; g < 20; g++) {
                        sink = new byte[1024];
                    }
                }
                LockSupport.parkNanos(1_000_000);
            }
        }, "probe-pool-7-thread-1");
        worker.setDaemon(true);
        worker.start();
        started.add(worker);
        Thread.sleep(3000);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            p.start(List.of(suspect), null);
            return p.answers().containsKey(suspect);
        });
        assertThat(p.answers().get(suspect)).startsWith("ThreadLocal of thread probe-pool-#-thread-#");
    }

    @Test
    void whatOurOwnThreadsHoldOnTheirStacksIsNeverTheHolder() throws Exception {
        HolderProbe p = probe();
        String suspect = LeakySession.class.getName();
        assertThat(p.start(List.of(suspect), null)).isTrue();
        // ours keeps four times as many as the application's thread: counted, it would be the holder
        started.add(holdOnStack("memory-manager-probe-test", 40));
        started.add(holdOnStack("probe-app-worker", 10));
        Thread.sleep(3000);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            p.start(List.of(suspect), null);
            return p.answers().containsKey(suspect);
        });
        assertThat(p.answers().get(suspect)).contains("probe-app-worker").doesNotContain("memory-manager");
    }

    // A thread that keeps {@code perRound} sessions a round in a local list, as a busy method's stack holds them.
    private static Thread holdOnStack(String name, int perRound) {
        Thread t = new Thread(() -> {
            List<LeakySession> kept = new ArrayList<>();
            while (!Thread.currentThread().isInterrupted() && kept.size() < 60_000) {
                for (int i = 0; i < perRound; i++) {
                    kept.add(new LeakySession());
                    for (int g = 0; g < 5; g++) {
                        sink = new byte[1024];
                    }
                }
                LockSupport.parkNanos(10_000_000);
            }
            sink = kept;
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
