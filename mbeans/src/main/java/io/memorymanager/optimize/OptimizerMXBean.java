package io.memorymanager.optimize;

import io.memorymanager.Description;
import java.util.List;
import javax.management.MBeanOperationInfo;

/**
 * Acts on memory and shows before and after. ObjectName {@code io.memorymanager:type=Optimizer}. Every operation
 * is rate-limited by {@code CooldownSeconds}: a forced full collection on a big heap is an outage, and a remote
 * loop calling it must not become one.
 */
@Description("Acts on memory (collect, compact, clear caches, trim pools and the native heap, heap-sizing flags) and "
        + "reports heap and pools before and after. Each operation may run once per CooldownSeconds")
public interface OptimizerMXBean {

    @Description(value = "Runs System.gc() as this JVM runs it (a full collection, or a concurrent cycle with "
            + "-XX:+ExplicitGCInvokesConcurrent or on ZGC/Shenandoah); refused with -XX:+DisableExplicitGC",
            impact = MBeanOperationInfo.ACTION_INFO)
    OptimizationReport forceGc();

    @Description(value = "A full, stop-the-world, compacting collection even where System.gc() would run "
            + "concurrently or not at all; pauses the application for as long as a full GC takes",
            impact = MBeanOperationInfo.ACTION_INFO)
    OptimizationReport compact();

    @Description(value = "Clears one registered cache", impact = MBeanOperationInfo.ACTION_INFO)
    OptimizationReport clearCache(@Description(name = "name", value = "the cache's name") String name);

    @Description(value = "Clears every registered cache", impact = MBeanOperationInfo.ACTION_INFO)
    OptimizationReport clearAllCaches();

    @Description(value = "Shrinks every open object pool to its MinIdle (destroys idle objects above it)",
            impact = MBeanOperationInfo.ACTION_INFO)
    OptimizationReport trimPools();

    @Description(value = "Trims pools, clears caches, then compacts, so that what they released shows in the "
            + "heap after", impact = MBeanOperationInfo.ACTION_INFO)
    OptimizationReport optimize();

    @Description(value = "Returns free native (malloc) memory to the operating system, where the JVM supports it "
            + "(System.trim_native_heap, JDK 17.0.9+ on glibc); the report's step shows resident memory before "
            + "and after", impact = MBeanOperationInfo.ACTION_INFO)
    OptimizationReport trimNativeHeap();

    @Description("The most recent report, null before the first operation")
    OptimizationReport getLastReport();

    @Description("Seconds an operation must wait after it last ran (0-86400)")
    long getCooldownSeconds();

    @Description("Seconds an operation must wait after it last ran (0-86400)")
    void setCooldownSeconds(long seconds);

    @Description("MinHeapFreeRatio, MaxHeapFreeRatio and SoftMaxHeapSize: value, whether they can be changed now and "
            + "whether this JVM's collector acts on them")
    List<HeapFlag> getHeapSizingFlags();

    @Description(value = "Sets MinHeapFreeRatio and MaxHeapFreeRatio (0 <= min <= max <= 100): how much free heap "
            + "the collector keeps after a full GC before it grows or shrinks the heap; returns the flags",
            impact = MBeanOperationInfo.ACTION_INFO)
    List<HeapFlag> setHeapFreeRatios(@Description(name = "minPercent", value = "0-100") int minPercent,
            @Description(name = "maxPercent", value = "minPercent-100") int maxPercent);

    @Description(value = "Sets SoftMaxHeapSize (bytes, up to the maximum heap): the heap the collector tries to "
            + "stay under; only ZGC and Shenandoah honour it, elsewhere it is refused", impact = MBeanOperationInfo.ACTION_INFO)
    List<HeapFlag> setSoftMaxHeapSize(@Description(name = "bytes", value = "1 MB to the maximum heap") long bytes);
}
