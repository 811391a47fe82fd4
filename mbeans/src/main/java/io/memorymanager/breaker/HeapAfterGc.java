package io.memorymanager.breaker;

import io.memorymanager.internal.GcNotifications;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Heap used right after the most recent collection of any kind, from GC notifications: live data plus whatever
 * garbage survived that collection. Unlike heap used now it does not count garbage allocated since, so a breaker
 * judging on it does not trip on a sawtooth; unlike the old-generation floor it counts what a young collection
 * just promoted.
 */
public final class HeapAfterGc implements AutoCloseable {

    private final Set<String> heapPools;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AutoCloseable subscription;
    private volatile long bytes = -1;

    public HeapAfterGc() {
        this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        this.subscription = GcNotifications.follow(e -> collected(e.after()));
    }

    /** Bytes after the last collection; before the first one seen, heap used now. */
    public long bytes() {
        long b = bytes;
        return b >= 0 ? b : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Runs {@code r} (on the JVM's notification thread) after each collection. */
    public void onCollection(Runnable r) {
        listeners.add(r);
    }

    public void removeListener(Runnable r) {
        listeners.remove(r);
    }

    // One collection as the shared source decoded it: the heap pools' usage after it, summed.
    private void collected(Map<String, MemoryUsage> after) {
        long sum = 0;
        for (String pool : heapPools) {
            MemoryUsage u = after.get(pool);
            sum += u == null ? 0 : u.getUsed();
        }
        bytes = sum;
        for (Runnable r : listeners) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // one breaker's failure must not keep the others from seeing the collection
            }
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            // nothing left to undo
        }
    }
}
