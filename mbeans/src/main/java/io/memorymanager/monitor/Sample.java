package io.memorymanager.monitor;

/**
 * One sample of the monitor. Sizes in bytes, percentages 0-100; -1 where the value is not known.
 *
 * @param timestampMillis when it was taken, epoch milliseconds
 * @param oldGenUsedAfterGcBytes the live-set floor (old pool right after the last collection that told it)
 * @param heapAfterGcPercent the live-set floor in percent of the maximum heap
 * @param allocationRateBytesPerSecond heap allocation rate since the previous sample
 * @param gcOverheadPercent share of wall time spent in GC since the previous sample
 */
public record Sample(
        long timestampMillis,
        long heapUsedBytes,
        long oldGenUsedAfterGcBytes,
        double heapAfterGcPercent,
        double systemUsedPercent,
        double containerUsedPercent,
        long allocationRateBytesPerSecond,
        double gcOverheadPercent,
        int threadCount,
        PressureLevel pressureLevel) {

    double value(Metric metric) {
        return switch (metric) {
            case HEAP_AFTER_GC -> heapAfterGcPercent;
            case SYSTEM -> systemUsedPercent;
            case CONTAINER -> containerUsedPercent;
        };
    }
}
