package io.memorymanager.system;

import io.memorymanager.Description;

/**
 * Memory of the machine, of this process as the operating system sees it, and of the container it runs in.
 * ObjectName {@code io.memorymanager:type=SystemMemory}. Values that cannot be read on this platform are -1.
 */
@Description("Memory of the machine, of this process as the OS sees it, and of its container (cgroup). "
        + "Values that cannot be read on this platform are -1.")
public interface SystemMemoryMXBean {

    @Description("Physical memory of the machine, in bytes")
    long getTotalBytes();

    @Description("Physical memory available to start new applications without swapping, in bytes")
    long getAvailableBytes();

    @Description("Physical memory in use (total minus available), in bytes")
    long getUsedBytes();

    @Description("Physical memory in use, in percent of the total (0-100)")
    double getUsedPercent();

    @Description("Swap space of the machine, in bytes")
    long getSwapTotalBytes();

    @Description("Swap space in use, in bytes")
    long getSwapUsedBytes();

    @Description("Pages swapped in since boot")
    long getSwapPagesIn();

    @Description("Pages swapped out since boot")
    long getSwapPagesOut();

    @Description("Resident set size of this process (physical memory it occupies), in bytes")
    long getProcessResidentBytes();

    @Description("Virtual memory size of this process, in bytes")
    long getProcessVirtualBytes();

    @Description("Minor page faults of this process (served without disk I/O)")
    long getProcessMinorFaults();

    @Description("Major page faults of this process (needed disk I/O)")
    long getProcessMajorFaults();

    @Description("Memory limit of this process's cgroup (tightest on its path), in bytes; -1 when not limited")
    long getContainerLimitBytes();

    @Description("Memory used by this process's cgroup, in bytes; -1 when there is no cgroup memory controller")
    long getContainerUsedBytes();

    @Description("Cgroup memory used, in percent of the cgroup limit (0-100); -1 when not limited")
    double getContainerUsedPercent();

    @Description("Memory pressure stall: share of the last 10 s in which some task waited for memory, "
            + "in percent (PSI 'some avg10'); -1 where /proc/pressure/memory is absent")
    double getPressureSomeAvg10();

    @Description("How long one reading of the operating system is reused, in milliseconds; polling faster "
            + "than this costs nothing")
    long getCacheMillis();

    @Description("How long one reading of the operating system is reused, in milliseconds (0-60000)")
    void setCacheMillis(long millis);
}
