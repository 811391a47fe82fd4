package io.memorymanager.system;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

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
            long inactive = first(inactiveFileKeys(version));
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

    /**
     * Where this process's memory cgroup is: the controller's version, the mount's top directory and the process's
     * own cgroup directory under it, and the names of the limit and usage files. Found once from
     * {@code /proc/self/cgroup} and {@code /proc/self/mountinfo} (which can be long on a container host).
     */
    record Location(String version, Path top, Path leaf, String limitName, String usageName, List<Path> limitFiles,
            List<Path> usageFiles, Path statFile) {

        Location(String version, Path top, Path leaf, String limitName, String usageName) {
            this(version, top, leaf, limitName, usageName, upwards(top, leaf, limitName), upwards(top, leaf, usageName),
                    leaf.resolve("memory.stat"));
        }

        // the file in every directory from the leaf up to the mount's top
        private static List<Path> upwards(Path top, Path leaf, String name) {
            List<Path> files = new ArrayList<>();
            for (Path dir = leaf; dir != null && dir.startsWith(top); dir = dir.getParent()) {
                files.add(dir.resolve(name));
            }
            return List.copyOf(files);
        }
    }

    /**
     * Reads this process's memory cgroup under one root again and again, finding it once: each time only
     * {@code /proc/self/cgroup} (a line or two) is read to see whether the process moved, and the limit, usage and
     * stat files. It finds the cgroup again when that file changes; a JVM without one looks again at every read.
     */
    public static final class Reader {
        private final Path root;
        private final Path procSelfCgroup;
        private Optional<Location> location = Optional.empty();
        private byte[] seen;
        /** One reused buffer: a reading every few seconds makes no strings of the files it reads. */
        private final ProcFiles files = new ProcFiles();

        public Reader(Path root) {
            this.root = root;
            this.procSelfCgroup = root.resolve("proc/self/cgroup");
        }

        /** A reading now; empty when this process has no memory cgroup. */
        public synchronized Optional<Reading> read() {
            boolean readable = files.read(procSelfCgroup);
            if (!readable || seen == null || !files.sameAs(seen) || location.isEmpty()) {
                forget();
                seen = readable ? files.copy() : null;
            }
            Optional<Location> at = location();
            if (at.isEmpty()) {
                return Optional.empty();
            }
            Location l = at.get();
            Limit limit = tightestLimit(l, file -> files.read(file) ? files.limit() : -1);
            long usage = usage(l, file -> files.read(file) ? files.leadingNumber() : -1);
            Map<String, Long> stat = new LinkedHashMap<>();
            if (files.read(l.statFile())) {
                for (String key : STAT_KEYS) {
                    long v = files.numberAfterLineStart(key);
                    if (v >= 0) {
                        stat.put(key, v);
                    }
                }
            }
            return Optional.of(new Reading(l.version(), limit.bytes(), limit.file() == null ? ""
                    : root.relativize(limit.file()).toString(), usage, stat));
        }

        /** Where the cgroup is, found on the first call after {@link #forget()} (or while there is none). */
        synchronized Optional<Location> location() {
            if (location.isEmpty()) {
                location = locate(root);
            }
            return location;
        }

        /** Finds the cgroup again on the next call: the process moved. */
        synchronized void forget() {
            location = Optional.empty();
        }
    }

    /** This process's memory cgroup under {@code root}; empty when it has none (not Linux, no cgroup mounted). */
    public static Optional<Reading> read(Path root) {
        return new Reader(root).read();
    }

    static Optional<Location> locate(Path root) {
        Optional<String> cgroup = ContainerMemory.readFile(root.resolve("proc/self/cgroup"));
        Optional<String> mountinfo = ContainerMemory.readFile(root.resolve("proc/self/mountinfo"));
        if (cgroup.isEmpty() || mountinfo.isEmpty()) {
            return Optional.empty();
        }
        List<ContainerMemory.Mount> mounts = ContainerMemory.parseMountInfo(mountinfo.get());
        Optional<String> v1Path = ContainerMemory.cgroupPath(cgroup.get(), true);
        Optional<ContainerMemory.Mount> v1 = mounts.stream().filter(ContainerMemory.Mount::isV1Memory).findFirst();
        if (v1Path.isPresent() && v1.isPresent()) {
            return locate(root, v1.get(), v1Path.get(), "v1", "memory.limit_in_bytes", "memory.usage_in_bytes");
        }
        Optional<String> v2Path = ContainerMemory.cgroupPath(cgroup.get(), false);
        Optional<ContainerMemory.Mount> v2 = mounts.stream().filter(ContainerMemory.Mount::isV2).findFirst();
        if (v2Path.isPresent() && v2.isPresent()) {
            return locate(root, v2.get(), v2Path.get(), "v2", "memory.max", "memory.current");
        }
        return Optional.empty();
    }

    private static Optional<Location> locate(Path root, ContainerMemory.Mount mount, String cgroupPath, String version,
            String limitName, String usageName) {
        Path top = root.resolve(ContainerMemory.relative(mount.mountPoint()));
        Path leaf = top.resolve(ContainerMemory.relative(ContainerMemory.pathBelowMountRoot(mount.root(),
                cgroupPath))).normalize();
        if (!leaf.startsWith(top)) {
            return Optional.empty();
        }
        return Optional.of(new Location(version, top, leaf, limitName, usageName));
    }

    /** A limit and the file that sets it; {@link #NONE} when nothing limits. */
    record Limit(long bytes, Path file) {
        static final Limit NONE = new Limit(-1, null);
    }

    /**
     * The tightest limit on the path from the process's cgroup up to the mount's top (a parent's limit binds its
     * children), each file's value read by {@code limit} (bytes, -1 for none).
     */
    static Limit tightestLimit(Location at, ToLongFunction<Path> limit) {
        Limit tightest = Limit.NONE;
        for (Path file : at.limitFiles()) {
            long l = limit.applyAsLong(file);
            if (l > 0 && (tightest.bytes() < 0 || l < tightest.bytes())) {
                tightest = new Limit(l, file);
            }
        }
        return tightest;
    }

    /**
     * The process's own cgroup's charge, read by {@code bytes} (-1 when missing); where that file is missing (a v1
     * child without the controller's files), the nearest ancestor's.
     */
    static long usage(Location at, ToLongFunction<Path> bytes) {
        for (Path file : at.usageFiles()) {
            long usage = bytes.applyAsLong(file);
            if (usage >= 0) {
                return usage;
            }
        }
        return -1;
    }

    /** The {@code memory.stat} keys a {@link Reading} uses (v2 and v1); the reader keeps only these. */
    static final List<String> STAT_KEYS = List.of("anon", "file", "inactive_file", "total_rss", "rss", "total_cache",
            "cache", "total_inactive_file");

    /** The {@code memory.stat} key of the inactive page cache, in order of preference. */
    static List<String> inactiveFileKeys(String version) {
        return version.equals("v2") ? List.of("inactive_file") : List.of("total_inactive_file", "inactive_file");
    }
}
