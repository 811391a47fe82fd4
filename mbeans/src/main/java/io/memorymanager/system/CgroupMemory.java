package io.memorymanager.system;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This process's memory cgroup as the memory budget reads it: the version, the tightest limit on the path to the
 * mount root and where it is set, the cgroup's charge, and its {@code memory.stat}. Every absolute path is
 * resolved under a root directory ({@code /} in production, a fixture directory in tests).
 */
public final class CgroupMemory {

    /**
     * One reading.
     *
     * @param version {@code v2} or {@code v1}
     * @param limitBytes the tightest limit, -1 when none
     * @param limitFile the file that sets it, relative to the root ({@code sys/fs/cgroup/app/memory.max}), empty
     *     when none
     * @param usageBytes what the kernel charges the cgroup ({@code memory.current}, {@code memory.usage_in_bytes})
     * @param stat {@code memory.stat}, key to value
     */
    public record Reading(String version, long limitBytes, String limitFile, long usageBytes, Map<String, Long> stat) {

        public Reading {
            stat = Collections.unmodifiableMap(new LinkedHashMap<>(stat));
        }

        /** Anonymous memory (heap, stacks, malloc): {@code anon} in v2, {@code total_rss} or {@code rss} in v1; -1. */
        public long anonBytes() {
            return first(version.equals("v2") ? List.of("anon") : List.of("total_rss", "rss"));
        }

        /** Page cache: {@code file} in v2, {@code total_cache} or {@code cache} in v1; -1 when absent. */
        public long fileBytes() {
            return first(version.equals("v2") ? List.of("file") : List.of("total_cache", "cache"));
        }

        /**
         * What counts towards an OOM kill: the charge minus the inactive page cache, which the kernel reclaims
         * first (the "working set", as the kubelet and {@code docker stats} compute it); the charge when the stat
         * has no {@code inactive_file}.
         */
        public long workingSetBytes() {
            long inactive = first(version.equals("v2") ? List.of("inactive_file")
                    : List.of("total_inactive_file", "inactive_file"));
            return usageBytes < 0 ? -1 : inactive < 0 ? usageBytes : Math.max(0, usageBytes - inactive);
        }

        private long first(List<String> keys) {
            for (String k : keys) {
                Long v = stat.get(k);
                if (v != null) {
                    return v;
                }
            }
            return -1;
        }
    }

    private CgroupMemory() {
    }

    /** This process's memory cgroup under {@code root}; empty when it has none (not Linux, no cgroup mounted). */
    public static Optional<Reading> read(Path root) {
        Optional<String> cgroup = ContainerMemory.readFile(root.resolve("proc/self/cgroup"));
        Optional<String> mountinfo = ContainerMemory.readFile(root.resolve("proc/self/mountinfo"));
        if (cgroup.isEmpty() || mountinfo.isEmpty()) {
            return Optional.empty();
        }
        List<ContainerMemory.Mount> mounts = ContainerMemory.parseMountInfo(mountinfo.get());
        Optional<String> v1Path = ContainerMemory.cgroupPath(cgroup.get(), true);
        Optional<ContainerMemory.Mount> v1 = mounts.stream().filter(ContainerMemory.Mount::isV1Memory).findFirst();
        if (v1Path.isPresent() && v1.isPresent()) {
            return read(root, v1.get(), v1Path.get(), "v1", "memory.limit_in_bytes", "memory.usage_in_bytes");
        }
        Optional<String> v2Path = ContainerMemory.cgroupPath(cgroup.get(), false);
        Optional<ContainerMemory.Mount> v2 = mounts.stream().filter(ContainerMemory.Mount::isV2).findFirst();
        if (v2Path.isPresent() && v2.isPresent()) {
            return read(root, v2.get(), v2Path.get(), "v2", "memory.max", "memory.current");
        }
        return Optional.empty();
    }

    private static Optional<Reading> read(Path root, ContainerMemory.Mount mount, String cgroupPath, String version,
            String limitName, String usageName) {
        Path top = root.resolve(ContainerMemory.relative(mount.mountPoint()));
        Path leaf = top.resolve(ContainerMemory.relative(ContainerMemory.pathBelowMountRoot(mount.root(),
                cgroupPath))).normalize();
        if (!leaf.startsWith(top)) {
            return Optional.empty();
        }
        long limit = -1;
        String limitFile = "";
        for (Path dir = leaf; dir != null && dir.startsWith(top); dir = dir.getParent()) {
            Path file = dir.resolve(limitName);
            long l = ContainerMemory.readFile(file).map(ContainerMemory::parseLimit).orElse(-1L);
            if (l > 0 && (limit < 0 || l < limit)) {
                limit = l;
                limitFile = root.relativize(file).toString();
            }
        }
        // the process's own cgroup's charge; where that file is missing (a v1 child without the controller's
        // files), the nearest ancestor's
        long usage = -1;
        for (Path dir = leaf; usage < 0 && dir != null && dir.startsWith(top); dir = dir.getParent()) {
            usage = ContainerMemory.readFile(dir.resolve(usageName)).map(ContainerMemory::parseBytes).orElse(-1L);
        }
        Map<String, Long> stat = ContainerMemory.readFile(leaf.resolve("memory.stat")).map(CgroupMemory::parseStat)
                .orElse(Map.of());
        return Optional.of(new Reading(version, limit, limitFile, usage, stat));
    }

    /** {@code memory.stat}: {@code key value} lines; lines that are not are skipped. */
    static Map<String, Long> parseStat(String text) {
        Map<String, Long> stat = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] kv = line.strip().split("\\s+");
            if (kv.length == 2) {
                long v = ContainerMemory.parseBytes(kv[1]);
                if (v >= 0) {
                    stat.put(kv[0], v);
                }
            }
        }
        return stat;
    }
}
