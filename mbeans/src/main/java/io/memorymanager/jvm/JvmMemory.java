package io.memorymanager.jvm;

import io.memorymanager.internal.Round;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@link JvmMemoryMXBean} over the JDK's platform MXBeans. Point-in-time attributes are read on demand;
 * {@link #snapshot()} reads what a sample needs at once. The two rates ({@link #getAllocationRateBytesPerSecond()},
 * {@link #getGcOverheadPercent()}) cover the window since the reading before, at least a second earlier, whoever
 * reads them: they do not depend on the Monitor's schedule.
 */
public final class JvmMemory implements JvmMemoryMXBean, AutoCloseable {

    /** The shortest window the rate attributes cover. */
    static final long MIN_RATE_WINDOW_NANOS = 1_000_000_000L;

    /** The rates of one window. -1 where not known. */
    public record Rates(long allocationRateBytesPerSecond, double gcOverheadPercent) {
        static final Rates UNKNOWN = new Rates(-1, -1);

        /** The rates between two snapshots of the same JVM; unknown when they are not in order. */
        public static Rates between(JvmSnapshot before, JvmSnapshot after) {
            if (before == null || after.nanos() <= before.nanos()) {
                return UNKNOWN;
            }
            double seconds = (after.nanos() - before.nanos()) / 1e9;
            long allocationRate = after.allocatedBytes() >= 0 && before.allocatedBytes() >= 0
                    ? Math.round(Math.max(0, after.allocatedBytes() - before.allocatedBytes()) / seconds)
                    : -1;
            double gcOverhead = after.gcMillis() >= 0 && before.gcMillis() >= 0
                    ? Math.min(100.0, 100.0 * (after.gcMillis() - before.gcMillis()) / (seconds * 1000.0))
                    : -1;
            return new Rates(allocationRate, Math.max(0, gcOverhead));
        }
    }

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final List<BufferPoolMXBean> buffers = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
    private final LiveSetTracker liveSet = new LiveSetTracker(pools);
    private final LongSupplier nanoClock;
    // the rate attributes' own window: guarded by this
    private JvmSnapshot rateFrom;
    private Rates rates = Rates.UNKNOWN;

    public JvmMemory() {
        this(System::nanoTime);
    }

    JvmMemory(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Heap, floor, threads and the allocation and GC counters, read now, each once. */
    public JvmSnapshot snapshot() {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        return new JvmSnapshot(nanoClock.getAsLong(), heap.getUsed(), heap.getMax(), liveSet.liveBytes(),
                threads.getThreadCount(), totalAllocatedBytes(), getGcTimeMillis());
    }

    /**
     * The rates since the reading before, which was at least {@link #MIN_RATE_WINDOW_NANOS} earlier; reads closer
     * together share the last window. Unknown (-1) at the first read.
     */
    synchronized Rates rates() {
        JvmSnapshot now = snapshot();
        if (rateFrom == null) {
            rateFrom = now;
        } else if (now.nanos() - rateFrom.nanos() >= MIN_RATE_WINDOW_NANOS) {
            rates = Rates.between(rateFrom, now);
            rateFrom = now;
        }
        return rates;
    }

    /** Bytes allocated on the heap by all threads, dead ones included, since the JVM started; -1 if unsupported. */
    long totalAllocatedBytes() {
        if (threads instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported()
                && t.isThreadAllocatedMemoryEnabled()) {
            return t.getTotalThreadAllocatedBytes();
        }
        return -1;
    }

    @Override
    public long getHeapUsedBytes() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Override
    public long getHeapCommittedBytes() {
        return memory.getHeapMemoryUsage().getCommitted();
    }

    @Override
    public long getHeapMaxBytes() {
        return memory.getHeapMemoryUsage().getMax();
    }

    @Override
    public double getHeapUsedPercent() {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        return Round.percent(percentOfMax(heap.getUsed(), heap.getMax()));
    }

    @Override
    public long getNonHeapUsedBytes() {
        return memory.getNonHeapMemoryUsage().getUsed();
    }

    @Override
    public long getNonHeapCommittedBytes() {
        return memory.getNonHeapMemoryUsage().getCommitted();
    }

    @Override
    public long getNonHeapMaxBytes() {
        return memory.getNonHeapMemoryUsage().getMax();
    }

    @Override
    public long getMetaspaceUsedBytes() {
        for (MemoryPoolMXBean pool : pools) {
            if (pool.getName().equals("Metaspace")) {
                return pool.getUsage().getUsed();
            }
        }
        return -1;
    }

    @Override
    public long getDirectBufferBytes() {
        return bufferBytes("direct");
    }

    @Override
    public long getMappedBufferBytes() {
        return bufferBytes("mapped");
    }

    private long bufferBytes(String name) {
        for (BufferPoolMXBean buffer : buffers) {
            if (buffer.getName().equals(name)) {
                return buffer.getMemoryUsed();
            }
        }
        return -1;
    }

    @Override
    public int getThreadCount() {
        return threads.getThreadCount();
    }

    @Override
    public int getPeakThreadCount() {
        return threads.getPeakThreadCount();
    }

    @Override
    public int getDaemonThreadCount() {
        return threads.getDaemonThreadCount();
    }

    @Override
    public int getLoadedClassCount() {
        return classes.getLoadedClassCount();
    }

    @Override
    public long getOldGenUsedAfterGcBytes() {
        return liveSet.liveBytes();
    }

    @Override
    public double getHeapUsedAfterGcPercent() {
        return Round.percent(percentOfMax(liveSet.liveBytes(), getHeapMaxBytes()));
    }

    @Override
    public long getAllocationRateBytesPerSecond() {
        return rates().allocationRateBytesPerSecond();
    }

    @Override
    public long getGcCount() {
        long total = 0;
        for (GarbageCollectorMXBean gc : collectors) {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }

    @Override
    public long getGcTimeMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : collectors) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    @Override
    public double getGcOverheadPercent() {
        return Round.percent(rates().gcOverheadPercent());
    }

    @Override
    public List<MemoryPoolSnapshot> getPools() {
        return pools.stream().filter(MemoryPoolMXBean::isValid).map(p -> {
            MemoryUsage usage = p.getUsage();
            MemoryUsage afterGc = p.getCollectionUsage();
            return new MemoryPoolSnapshot(p.getName(), p.getType().name(), usage.getUsed(), usage.getCommitted(),
                    usage.getMax(), afterGc == null ? -1 : afterGc.getUsed());
        }).toList();
    }

    @Override
    public List<CollectorSnapshot> getCollectors() {
        return collectors.stream().map(gc -> new CollectorSnapshot(gc.getName(), gc.getCollectionCount(),
                gc.getCollectionTime(), lastPauseMillis(gc))).toList();
    }

    private static long lastPauseMillis(GarbageCollectorMXBean gc) {
        if (gc instanceof com.sun.management.GarbageCollectorMXBean hotspot) {
            com.sun.management.GcInfo last = hotspot.getLastGcInfo();
            return last == null ? -1 : last.getDuration();
        }
        return -1;
    }

    /** {@code used} in percent of {@code max}, or -1 when either is unknown. */
    static double percentOfMax(long used, long max) {
        return used >= 0 && max > 0 ? Math.min(100.0, 100.0 * used / max) : -1;
    }

    /** Stops following GC notifications. */
    @Override
    public void close() {
        liveSet.close();
    }

}
