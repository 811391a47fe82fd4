package io.memorymanager.system;

/**
 * One consistent reading of system, process and container memory. Sizes in bytes; -1 where not known.
 *
 * @param takenAtNanos {@link System#nanoTime()} when it was read
 */
public record SystemMemorySnapshot(
        long totalBytes,
        long availableBytes,
        long swapTotalBytes,
        long swapUsedBytes,
        long swapPagesIn,
        long swapPagesOut,
        long processResidentBytes,
        long processVirtualBytes,
        long processMinorFaults,
        long processMajorFaults,
        long containerLimitBytes,
        long containerUsedBytes,
        double pressureSomeAvg10,
        long takenAtNanos) {

    /** Physical memory in use (total minus available), or -1. */
    public long usedBytes() {
        return totalBytes > 0 && availableBytes >= 0 ? Math.max(0, totalBytes - availableBytes) : -1;
    }

    /** Physical memory in use in percent of the total, or -1. */
    public double usedPercent() {
        long used = usedBytes();
        return used >= 0 ? 100.0 * used / totalBytes : -1;
    }

    /** Cgroup memory used in percent of the cgroup limit, or -1 when not limited or not known. */
    public double containerUsedPercent() {
        return containerLimitBytes > 0 && containerUsedBytes >= 0
                ? Math.min(100.0, 100.0 * containerUsedBytes / containerLimitBytes)
                : -1;
    }
}
