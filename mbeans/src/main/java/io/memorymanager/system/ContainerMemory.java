package io.memorymanager.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads this process's memory limit and usage from cgroup v2 or v1 files. Parsing is split from I/O so that it
 * can be tested on text fixtures: every absolute path ({@code /proc/self/cgroup}, {@code /proc/self/mountinfo},
 * the cgroup mount points) is resolved under a root directory, which is {@code /} in production.
 *
 * <p>The limit is the tightest limit on the path from this process's cgroup up to the mount root (a parent's
 * limit binds its children); usage is the usage of this process's own cgroup.
 */
final class ContainerMemory {

    /** A container reading; -1 where not known, {@link #limitBytes()} -1 also when not limited. */
    record Reading(long limitBytes, long usedBytes) {
        static final Reading NONE = new Reading(-1, -1);
    }

    // cgroup v1 reports "no limit" as LONG_MAX rounded down to a page (9223372036854771712); anything this large
    // is no limit.
    static final long V1_UNLIMITED = 1L << 62;

    private ContainerMemory() {
    }

    /** Reads the cgroup memory of the current process, with {@code root} standing for {@code /}. */
    static Reading read(Path root) {
        return CgroupMemory.read(root).map(r -> new Reading(r.limitBytes(), r.usageBytes())).orElse(Reading.NONE);
    }

    /**
     * The cgroup path from {@code /proc/self/cgroup}: the v1 {@code memory} controller's line when {@code v1},
     * else the v2 line ({@code 0::/path}).
     */
    static Optional<String> cgroupPath(String procSelfCgroup, boolean v1) {
        for (String line : procSelfCgroup.split("\n")) {
            String[] parts = line.trim().split(":", 3);
            if (parts.length != 3) {
                continue;
            }
            if (v1) {
                for (String controller : parts[1].split(",")) {
                    if (controller.equals("memory")) {
                        return Optional.of(parts[2]);
                    }
                }
            } else if (parts[0].equals("0") && parts[1].isEmpty()) {
                return Optional.of(parts[2]);
            }
        }
        return Optional.empty();
    }

    /** One cgroup mount from {@code /proc/self/mountinfo}. */
    record Mount(String root, String mountPoint, String fsType, String superOptions) {
        boolean isV2() {
            return fsType.equals("cgroup2");
        }

        boolean isV1Memory() {
            return fsType.equals("cgroup") && List.of(superOptions.split(",")).contains("memory");
        }
    }

    /** The cgroup and cgroup2 mounts in {@code /proc/self/mountinfo} text. */
    static List<Mount> parseMountInfo(String mountinfo) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            // 36 35 98:0 /root /mount/point rw,noatime master:1 - fstype source super,options
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] left = line.substring(0, dash).trim().split("\\s+");
            String[] right = line.substring(dash + 3).trim().split("\\s+");
            if (left.length < 5 || right.length < 1) {
                continue;
            }
            String fsType = right[0];
            if (fsType.equals("cgroup") || fsType.equals("cgroup2")) {
                String superOptions = right.length >= 3 ? right[2] : "";
                mounts.add(new Mount(unescape(left[3]), unescape(left[4]), fsType, superOptions));
            }
        }
        return mounts;
    }

    /**
     * A cgroup limit file's value: bytes, or -1 for {@code max} (v2), the v1 "unlimited" sentinel, or text that
     * is not a number.
     */
    static long parseLimit(String text) {
        String value = text.trim();
        if (value.equals("max")) {
            return -1;
        }
        long bytes = parseBytes(value);
        return bytes >= V1_UNLIMITED ? -1 : bytes;
    }

    /** A cgroup counter file's value in bytes, or -1 when it is not a non-negative number. */
    static long parseBytes(String text) {
        try {
            long value = Long.parseLong(text.trim());
            return value < 0 ? -1 : value;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // In a container the mount root is often the container's own cgroup ("/docker/abc"), and /proc/self/cgroup
    // names the same path: the process's directory is then the mount point itself.
    static String pathBelowMountRoot(String mountRoot, String cgroupPath) {
        if (mountRoot.equals("/")) {
            return cgroupPath;
        }
        if (cgroupPath.equals(mountRoot)) {
            return "/";
        }
        if (cgroupPath.startsWith(mountRoot + "/")) {
            return cgroupPath.substring(mountRoot.length());
        }
        return cgroupPath;
    }

    static String relative(String absolute) {
        String s = absolute;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        return s;
    }

    // mountinfo escapes space, tab, newline and backslash as octal (\040).
    private static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static Optional<String> readFile(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
