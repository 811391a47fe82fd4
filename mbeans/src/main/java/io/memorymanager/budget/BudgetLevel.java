package io.memorymanager.budget;

/** How close the process is to its memory limit. */
public enum BudgetLevel {
    /** Room enough, or no cgroup limit to run into (physical memory is the Monitor's {@code system} metric). */
    NORMAL,
    /** Headroom under the warning threshold, or the limit predicted within an hour. */
    WARNING,
    /** Headroom under the critical threshold, or the limit predicted within 15 minutes. */
    CRITICAL
}
