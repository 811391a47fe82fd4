package io.memorymanager.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.memorymanager.MemoryManager;
import io.memorymanager.MemoryManagerConfig;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * A measured run: Memory Manager installed once with its defaults (monitor every second, leak detector every 10 s)
 * while the allocation-heavy workload runs, then the CPU its own threads used over the measured seconds (default 60),
 * as a share of one core, and what they allocated, per second, with the collections it followed and the class
 * histograms it took (counted by their collections' cause, "Heap Inspection Initiated GC"; a steady workload must
 * cause none). {@code -Dworkload=false} measures an idle application instead.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.memorymanager.benchmarks.SteadyStateCost [seconds] [leakSampleMillis]
 *     [warmUpSeconds]</pre>
 *
 * <p>The warm-up (default 10 s) is how long it runs before measuring: code that runs once a second is interpreted for
 * its first minutes, until the JIT compiles it, so a JVM that runs for days sees the cost after a long warm-up. Each
 * thread's share is printed too.
 */
public final class SteadyStateCost {

    private SteadyStateCost() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        long sampleMillis = args.length > 1 ? Long.parseLong(args[1]) : 10_000;
        long warmUp = args.length > 2 ? Long.parseLong(args[2]) : 10;
        try (MemoryManager mm = MemoryManager.install(MemoryManagerConfig.defaults()
                .withLeakDetection(Duration.ofMinutes(10), Duration.ofMillis(sampleMillis)))) {
            AllocationProfilingBenchmark work = Boolean.parseBoolean(System.getProperty("workload", "true"))
                    ? new AllocationProfilingBenchmark() : null;
            long sink = run(work, warmUp);
            Map<String, long[]> before = perThread();
            long gc0 = collections();
            AtomicInteger histograms = new AtomicInteger();
            long t0 = System.nanoTime();
            Runnable stopCounting = countHistograms(histograms);
            try {
                sink += run(work, seconds);
            } finally {
                stopCounting.run();
            }
            long wall = System.nanoTime() - t0;
            Map<String, long[]> after = perThread();
            long cpu = ownSum(after, 0) - ownSum(before, 0);
            long bytes = ownSum(after, 1) - ownSum(before, 1);
            System.out.printf("Memory Manager's threads: %d ms CPU in %d s = %.3f%% of one core, %.1f KB/s allocated; "
                            + "%d collections followed; class histograms taken: %d; leak status %s%n", cpu / 1_000_000,
                    wall / 1_000_000_000, 100.0 * cpu / wall, bytes / 1024.0 / (wall / 1e9), collections() - gc0,
                    histograms.get(), mm.leakDetector().getStatus());
            after.forEach((name, v) -> {
                long[] b = before.getOrDefault(name, new long[2]);
                System.out.printf("  %-32s %.3f%% of one core, %.1f KB/s%s%n", name, 100.0 * (v[0] - b[0]) / wall,
                        (v[1] - b[1]) / 1024.0 / (wall / 1e9), name.equals(NOTIFICATION_THREAD) ? " (the JDK's: it "
                                + "builds a notification per collection for those who listen, this run's counter "
                                + "too, and runs the listeners; not in the total above)" : "");
            });
            mm.leakDetector().getFindings().stream().filter(f -> !f.severity().name().equals("NONE"))
                    .forEach(f -> System.out.println("  leak finding " + f.kind() + " " + f.severity() + ": "
                            + f.message()));
            System.err.println(sink);
        }
    }

    private static long run(AllocationProfilingBenchmark work, long seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long sink = 0;
        if (work == null) {
            Thread.sleep(seconds * 1000);
            return sink;
        }
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                sink += work.allocateHeavily();
            }
        }
        return sink;
    }

    // Counts the collections a class histogram causes (GC cause "Heap Inspection Initiated GC") until closed.
    private static Runnable countHistograms(AtomicInteger count) {
        Map<NotificationEmitter, NotificationListener> listeners = new HashMap<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            NotificationEmitter emitter = (NotificationEmitter) gc;
            NotificationListener listener = (n, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())
                        && GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcCause()
                        .equals("Heap Inspection Initiated GC")) {
                    count.incrementAndGet();
                }
            };
            emitter.addNotificationListener(listener, null, null);
            listeners.put(emitter, listener);
        }
        return () -> {
            for (Map.Entry<NotificationEmitter, NotificationListener> e : listeners.entrySet()) {
                try {
                    e.getKey().removeNotificationListener(e.getValue());
                } catch (ListenerNotFoundException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        };
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .sum();
    }

    // The JDK's thread that builds the collectors' notifications (only while someone listens) and runs the listeners.
    private static final String NOTIFICATION_THREAD = "Notification Thread";

    private static final String OWN_PREFIX = "memory-manager";

    /** CPU time and bytes allocated of each of Memory Manager's threads alive now, and the JDK's notification thread. */
    static Map<String, long[]> perThread() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, long[]> result = new java.util.TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith(OWN_PREFIX)
                    || info.getThreadName().equals(NOTIFICATION_THREAD))) {
                long id = info.getThreadId();
                result.merge(info.getThreadName(), new long[] {Math.max(0, threads.getThreadCpuTime(id)),
                        Math.max(0, threads.getThreadAllocatedBytes(id))}, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return result;
    }

    /**
     * CPU time ({@code cpu}) or bytes allocated of Memory Manager's own threads (names starting memory-manager), alive
     * now.
     */
    static long ownThreads(boolean cpu) {
        return ownSum(perThread(), cpu ? 0 : 1);
    }

    // The sum of one figure (0: CPU time, 1: bytes allocated) over Memory Manager's own threads of a snapshot.
    private static long ownSum(Map<String, long[]> threads, int figure) {
        return threads.entrySet().stream().filter(e -> e.getKey().startsWith(OWN_PREFIX))
                .mapToLong(e -> e.getValue()[figure]).sum();
    }
}
