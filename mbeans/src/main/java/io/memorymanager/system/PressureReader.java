package io.memorymanager.system;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads a {@link SystemPressure}, the physical total and the process's resident set from the Linux files they need
 * ({@code /proc/meminfo}, {@code /proc/self/status}, the cgroup's limit, usage and stat files,
 * {@code /proc/pressure/memory}) into one reused buffer: every second at next to no allocation, where a full reading
 * through OSHI allocates hundreds of kilobytes. Where a file cannot be read (not Linux) the figures come from a full
 * reading.
 */
final class PressureReader {

    private final Path meminfo;
    private final Path pressure;
    private final Path status;
    private final Path procSelfCgroup;
    private byte[] seenCgroup = new byte[0];
    private final Supplier<SystemMemorySnapshot> fallback;
    private final ProcFiles files = new ProcFiles();
    private final CgroupMemory.Reader cgroup;

    PressureReader(Path root, Supplier<SystemMemorySnapshot> fallback) {
        this.meminfo = root.resolve("proc/meminfo");
        this.pressure = root.resolve("proc/pressure/memory");
        this.status = root.resolve("proc/self/status");
        this.procSelfCgroup = root.resolve("proc/self/cgroup");
        this.fallback = fallback;
        this.cgroup = new CgroupMemory.Reader(root);
    }

    synchronized SystemPressure read() {
        if (!files.read(meminfo)) {
            return SystemPressure.of(fallback.get());
        }
        long totalKb = files.numberAfterLineStart("MemTotal:");
        long availableKb = files.numberAfterLineStart("MemAvailable:");
        double used = totalKb > 0 && availableKb >= 0 ? 100.0 * Math.max(0, totalKb - availableKb) / totalKb : -1;
        double psi = files.read(pressure) ? files.decimalOnLine("some", "avg10=") : -1;
        return new SystemPressure(used, containerUsedPercent(), psi >= 0 && psi <= 100 ? psi : -1);
    }

    /** Physical memory in bytes ({@code MemTotal} of {@code /proc/meminfo}), else a full reading's. */
    synchronized long totalBytes() {
        long kb = files.read(meminfo) ? files.numberAfterLineStart("MemTotal:") : -1;
        return kb > 0 ? kb * 1024 : fallback.get().totalBytes();
    }

    /** The process's resident set in bytes ({@code VmRSS} of {@code /proc/self/status}), else a full reading's. */
    synchronized long residentBytes() {
        long kb = files.read(status) ? files.numberAfterLineStart("VmRSS:") : -1;
        return kb >= 0 ? kb * 1024 : fallback.get().processResidentBytes();
    }

    // As CgroupMemory.Reading.workingSetBytes() over its limitBytes(), without building a Reading.
    private double containerUsedPercent() {
        // a process moved to another cgroup has another line here: find its cgroup again
        if (!files.read(procSelfCgroup) || !files.sameAs(seenCgroup)) {
            cgroup.forget();
            seenCgroup = files.copy();
        }
        Optional<CgroupMemory.Location> at = cgroup.location();
        if (at.isEmpty()) {
            return -1;
        }
        CgroupMemory.Location l = at.get();
        long limit = CgroupMemory.tightestLimit(l, file -> files.read(file) ? files.limit() : -1).bytes();
        long usage = CgroupMemory.usage(l, file -> files.read(file) ? files.leadingNumber() : -1);
        if (usage < 0) {
            return -1;
        }
        if (limit <= 0) {
            return -1;
        }
        long inactive = -1;
        if (files.read(l.statFile())) {
            for (String key : CgroupMemory.inactiveFileKeys(l.version())) {
                inactive = inactive < 0 ? files.numberAfterLineStart(key) : inactive;
            }
        }
        long workingSet = inactive < 0 ? usage : Math.max(0, usage - inactive);
        return Math.min(100.0, 100.0 * workingSet / limit);
    }
}
