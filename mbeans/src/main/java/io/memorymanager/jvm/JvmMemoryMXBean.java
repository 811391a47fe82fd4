package io.memorymanager.jvm;

import io.memorymanager.Description;
import java.util.List;

/**
 * Memory, threads, classes and garbage collection of this JVM. ObjectName {@code io.memorymanager:type=JvmMemory}.
 * Values not defined or not readable on this JVM are -1.
 */
@Description("Heap, non-heap, buffers, threads, classes and garbage collection of this JVM. "
        + "Values not defined on this JVM are -1.")
public interface JvmMemoryMXBean {

    @Description("Heap in use, in bytes")
    long getHeapUsedBytes();

    @Description("Heap committed by the JVM (reserved from the OS), in bytes")
    long getHeapCommittedBytes();

    @Description("Largest heap the JVM may use (-Xmx), in bytes; -1 when undefined")
    long getHeapMaxBytes();

    @Description("Heap in use, in percent of the maximum heap (0-100); -1 when the maximum is undefined")
    double getHeapUsedPercent();

    @Description("Non-heap memory (metaspace, code cache, ...) in use, in bytes")
    long getNonHeapUsedBytes();

    @Description("Non-heap memory committed, in bytes")
    long getNonHeapCommittedBytes();

    @Description("Largest non-heap size, in bytes; -1 when undefined")
    long getNonHeapMaxBytes();

    @Description("Metaspace (class metadata) in use, in bytes")
    long getMetaspaceUsedBytes();

    @Description("Memory held by direct ByteBuffers, in bytes")
    long getDirectBufferBytes();

    @Description("Memory held by mapped ByteBuffers (memory-mapped files), in bytes")
    long getMappedBufferBytes();

    @Description("Live threads, daemon and non-daemon")
    int getThreadCount();

    @Description("Most live threads at once since the JVM started or the peak was reset")
    int getPeakThreadCount();

    @Description("Live daemon threads")
    int getDaemonThreadCount();

    @Description("Classes currently loaded")
    int getLoadedClassCount();

    @Description("Live-set floor: usage of the long-lived (old) heap pool right after the last collection that "
            + "told it, in bytes; -1 before any collection was seen")
    long getOldGenUsedAfterGcBytes();

    @Description("Live-set floor in percent of the maximum heap (0-100); -1 when not known")
    double getHeapUsedAfterGcPercent();

    @Description("Heap allocation rate of all threads since this attribute's read before (at least 1 s earlier; "
            + "reads closer together share that window), in bytes per second; -1 at the first read or where "
            + "unsupported")
    long getAllocationRateBytesPerSecond();

    @Description("Collections by all collectors since the JVM started")
    long getGcCount();

    @Description("Time spent in collections by all collectors since the JVM started, in milliseconds")
    long getGcTimeMillis();

    @Description("Share of wall time spent in garbage collection over the same window as the allocation rate, "
            + "in percent (0-100); -1 at the first read")
    double getGcOverheadPercent();

    @Description("Every memory pool: name, type, used, committed, max and used after the last GC, in bytes")
    List<MemoryPoolSnapshot> getPools();

    @Description("Every garbage collector: name, collection count, total time and last pause, in milliseconds")
    List<CollectorSnapshot> getCollectors();
}
