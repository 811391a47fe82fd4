package io.memorymanager.profile;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What each thread has allocated, and how fast: the threads allocating most, from the JVM's per-thread counters. */
final class ThreadAllocations {

    private static final int THREADS_SHOWN = 20;

    private Map<Long, long[]> threadSnapshot = Map.of();
    private long threadSnapshotNanos;
    private List<ThreadAllocation> threadRates = List.of();

    List<ThreadAllocation> byBytes() {
        return refreshThreads().stream()
                .sorted(Comparator.comparingLong(ThreadAllocation::allocatedBytes).reversed())
                .limit(THREADS_SHOWN).toList();
    }

    List<ThreadAllocation> byRate() {
        return refreshThreads().stream()
                .sorted(Comparator.comparingLong(ThreadAllocation::bytesPerSecond).reversed())
                .limit(THREADS_SHOWN).toList();
    }

    // Rates need a window: a new snapshot is taken at most once a second, so many readers share one window.
    private synchronized List<ThreadAllocation> refreshThreads() {
        long now = System.nanoTime();
        if (threadSnapshotNanos != 0 && now - threadSnapshotNanos < TimeUnit.SECONDS.toNanos(1)) {
            return threadRates;
        }
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
            return List.of();
        }
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        double seconds = (now - threadSnapshotNanos) / 1e9;
        Map<Long, long[]> snapshot = new HashMap<>();
        List<ThreadAllocation> list = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] < 0 || infos[i] == null) {
                continue;
            }
            long[] before = threadSnapshot.get(ids[i]);
            long rate = before == null || threadSnapshotNanos == 0 ? -1
                    : Math.round(Math.max(0, bytes[i] - before[0]) / seconds);
            list.add(new ThreadAllocation(ids[i], infos[i].getThreadName(), bytes[i], rate));
            snapshot.put(ids[i], new long[] {bytes[i]});
        }
        threadSnapshot = snapshot;
        threadSnapshotNanos = now;
        threadRates = List.copyOf(list);
        return threadRates;
    }
}
