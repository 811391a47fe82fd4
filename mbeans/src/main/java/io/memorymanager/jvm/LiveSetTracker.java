package io.memorymanager.jvm;

import io.memorymanager.internal.GcNotifications;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows the live-set floor: the usage of the long-lived heap pool right after collections, taken from each
 * GC notification. The pool's own {@code CollectionUsage} is not enough: on G1 it changes only after old or full
 * collections and stays stale across many young ones.
 *
 * <p>As in Micrometer's {@code JvmGcMetrics}, the value is recorded after a major collection, after any
 * collection of a single-generation collector (ZGC, Shenandoah), and after any collection that shrank the pool
 * (G1 mixed collections run under the young collector's name), but not after a minor collection that only
 * promoted objects into it, which would overstate the live set.
 */
final class LiveSetTracker implements AutoCloseable {

    private final MemoryPoolMXBean pool;
    private final boolean singleGeneration;
    private final AutoCloseable subscription;
    private volatile long liveBytes = -1;

    LiveSetTracker(List<MemoryPoolMXBean> pools) {
        List<MemoryPoolMXBean> heap = pools.stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        Optional<String> name = GcNotifications.longLivedPool(GcNotifications.heapPoolNames(heap));
        this.pool = name.flatMap(n -> heap.stream().filter(p -> p.getName().equals(n)).findFirst()).orElse(null);
        this.singleGeneration = heap.size() == 1;
        this.subscription = pool == null ? () -> { }
                : GcNotifications.follow(e -> record(e.major(), e.before(), e.after()));
    }

    /** Name of the long-lived pool followed, or {@code null} when this JVM has none we recognise. */
    String poolName() {
        return pool == null ? null : pool.getName();
    }

    /**
     * The live-set floor in bytes: from the last qualifying GC notification, else the pool's own collection usage
     * when it has one (collections before we started), else -1.
     */
    long liveBytes() {
        long live = liveBytes;
        if (live >= 0 || pool == null) {
            return live;
        }
        MemoryUsage usage = pool.isCollectionUsageThresholdSupported() ? pool.getCollectionUsage() : null;
        return usage != null && usage.getUsed() > 0 ? usage.getUsed() : -1;
    }

    void record(boolean major, Map<String, MemoryUsage> beforeGc, Map<String, MemoryUsage> afterGc) {
        MemoryUsage before = beforeGc.get(pool.getName());
        MemoryUsage after = afterGc.get(pool.getName());
        if (after == null) {
            return;
        }
        boolean shrank = before != null && after.getUsed() < before.getUsed();
        if (major || singleGeneration || shrank) {
            liveBytes = after.getUsed();
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            // nothing to undo
        }
    }
}
