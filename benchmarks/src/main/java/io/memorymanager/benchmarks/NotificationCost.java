package io.memorymanager.benchmarks;

import com.sun.management.ThreadMXBean;
import io.memorymanager.MemoryManager;
import io.memorymanager.MemoryManagerConfig;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

/**
 * A measured run: what Memory Manager's collection followers cost on the JDK's {@code Notification Thread}, which
 * builds a notification per collection for whoever listens and runs the listeners. Two phases in one JVM, under the
 * same allocation-heavy workload: a no-op listener alone (the JDK's own cost of notifying), then the same with
 * Memory Manager installed at its defaults. Printed per collection, so that the phases' collection rates may differ.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.memorymanager.benchmarks.NotificationCost [seconds per phase]</pre>
 */
public final class NotificationCost {

    private static volatile Object sink;

    private NotificationCost() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        Thread work = new Thread(() -> {
            byte[][] kept = new byte[4096][];
            for (int i = 0;; i++) {
                kept[i & 4095] = new byte[2048];
                if ((i & 0xFFFFF) == 0) {
                    sink = kept;
                }
            }
        }, "workload");
        work.setDaemon(true);
        work.start();
        NotificationListener noOp = (n, handback) -> { };
        List<NotificationEmitter> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(NotificationEmitter.class::cast).toList();
        collectors.forEach(c -> c.addNotificationListener(noOp, null, null));
        try {
            measure("a no-op listener only (the JDK's cost)", seconds);
            MemoryManager mm = MemoryManager.install(MemoryManagerConfig.defaults());
            try {
                measure("with Memory Manager's followers", seconds);
            } finally {
                mm.close();
            }
        } finally {
            for (NotificationEmitter c : collectors) {
                try {
                    c.removeNotificationListener(noOp);
                } catch (ListenerNotFoundException gone) {
                    // nothing to undo
                }
            }
        }
    }

    // Warms up for half the phase, then measures the notification thread for the phase.
    private static void measure(String phase, long seconds) throws InterruptedException {
        Thread.sleep(seconds * 500);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = notificationThread(threads);
        long cpu0 = threads.getThreadCpuTime(id);
        long bytes0 = threads.getThreadAllocatedBytes(id);
        long gc0 = collections();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000);
        long wall = System.nanoTime() - t0;
        long gcs = Math.max(1, collections() - gc0);
        long cpu = threads.getThreadCpuTime(id) - cpu0;
        long bytes = threads.getThreadAllocatedBytes(id) - bytes0;
        System.out.printf("%-40s %5.1f collections/s; Notification Thread %.1f us CPU and %.1f KB per collection "
                + "(%.3f%% of one core, %.1f KB/s)%n", phase, gcs / (wall / 1e9), cpu / 1000.0 / gcs,
                bytes / 1024.0 / gcs, 100.0 * cpu / wall, bytes / 1024.0 / (wall / 1e9));
    }

    private static long notificationThread(ThreadMXBean threads) {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().equals("Notification Thread")) {
                return info.getThreadId();
            }
        }
        throw new IllegalStateException("this JVM has no Notification Thread");
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }
}
