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

    @Description("Memory of this process's cgroup that counts towards its limit, in bytes: its charge minus the "
            + "inactive page cache the kernel reclaims first (the working set, as MemoryBudget counts it); -1 when "
            + "the cgroup sets no limit (it is then no container of this process's own) or there is none")
    long getContainerUsedBytes();

    @Description("Cgroup memory used, in percent of the cgroup limit (0-100); -1 when not limited")
    double getContainerUsedPercent();

    @Description("Memory pressure stall: share of the last 10 s in which some task waited for memory, "
            + "in percent (PSI 'some avg10'); -1 where /proc/pressure/memory is absent")
    double getPressureSomeAvg10();

    /**
     * The shortest {@code CacheMillis} a client may set. With no cache every attribute read is a read of the OS
     * (OSHI, cgroup and PSI files, a few ms of CPU), so a console polling all attributes, or the monitor at its
     * fastest, multiply it; one reading per 250 ms keeps that near 1% of a core however many clients poll.
     * The start-up setting ({@code MemoryManagerConfig.systemCacheDuration}) may still be 0.
     */
    long MIN_CACHE_MILLIS = 250;

    @Description("How long one reading of the operating system is reused, in milliseconds; polling faster "
            + "than this costs nothing. Can be set from " + MIN_CACHE_MILLIS + " to 60000")
    long getCacheMillis();

    @Description("How long one reading of the operating system is reused, in milliseconds (" + MIN_CACHE_MILLIS
            + "-60000; shorter lets polling cost more than 1% of a core)")
    void setCacheMillis(long millis);
}
