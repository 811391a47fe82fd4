package io.memorymanager.system;

/**
 * What the Monitor judges each second: physical memory and the container's in use, and memory stalls. Percent
 * 0-100; -1 where not known.
 *
 * @param usedPercent physical memory in use (total minus available) in percent of the total
 * @param containerUsedPercent the cgroup's working set in percent of its tightest limit; -1 when not limited
 * @param pressureSomeAvg10 the share of the last 10 s in which a task stalled on memory (PSI)
 */
public record SystemPressure(double usedPercent, double containerUsedPercent, double pressureSomeAvg10) {

    /** The same figures from a full reading. */
    public static SystemPressure of(SystemMemorySnapshot s) {
        return new SystemPressure(s.usedPercent(), s.containerUsedPercent(), s.pressureSomeAvg10());
    }
}
