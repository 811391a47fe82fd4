package io.memorymanager.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Monitor's lean reading, on fixture files: the same figures as the full reading, from the files alone. */
class PressureReaderTest {

    private static final String V2_MOUNT =
            "30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n";
    private static final String V1_MOUNT =
            "29 22 0:25 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,memory\n";
    private static final String MEMINFO = """
            MemTotal:       16000000 kB
            MemFree:         1000000 kB
            MemAvailable:    4000000 kB
            Buffers:          200000 kB
            SwapTotal:             0 kB
            """;

    @TempDir
    Path root;
    private final AtomicInteger fullReadings = new AtomicInteger();

    private void write(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private PressureReader reader() {
        return new PressureReader(root, () -> {
            fullReadings.incrementAndGet();
            return new SystemMemorySnapshot(100, 25, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 3.5, 0);
        });
    }

    @Test
    void physicalMemoryContainerAndStallsAsTheFullReadingHasThem() throws IOException {
        write("proc/meminfo", MEMINFO);
        write("proc/pressure/memory", "some avg10=12.34 avg60=1.00 avg300=0.00 total=5\nfull avg10=99.00 avg60=0 "
                + "avg300=0 total=1\n");
        write("proc/self/cgroup", "0::/kubepods/pod1/ctr\n");
        write("proc/self/mountinfo", V2_MOUNT);
        write("sys/fs/cgroup/kubepods/pod1/ctr/memory.max", "max\n");
        write("sys/fs/cgroup/kubepods/pod1/memory.max", "2000000000\n");
        write("sys/fs/cgroup/kubepods/pod1/ctr/memory.current", "1200000000\n");
        write("sys/fs/cgroup/kubepods/pod1/ctr/memory.stat", "anon 900000000\nactive_file 10\ninactive_file_x 7\n"
                + "inactive_file 200000000\n");
        SystemPressure p = reader().read();
        assertThat(p.usedPercent()).isEqualTo(75.0);
        assertThat(p.pressureSomeAvg10()).isCloseTo(12.34, offset(1e-9));
        CgroupMemory.Reading full = CgroupMemory.read(root).orElseThrow();
        assertThat(p.containerUsedPercent()).isEqualTo(100.0 * full.workingSetBytes() / full.limitBytes())
                .isEqualTo(50.0);
        assertThat(fullReadings).as("no full reading on Linux").hasValue(0);
    }

    @Test
    void v1NamesAndNoLimitMeansNoContainerFigure() throws IOException {
        write("proc/meminfo", MEMINFO);
        write("proc/self/cgroup", "12:memory:/docker/abc\n0::/\n");
        write("proc/self/mountinfo", V1_MOUNT);
        write("sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes", "1000000000\n");
        write("sys/fs/cgroup/memory/docker/abc/memory.usage_in_bytes", "300000000\n");
        write("sys/fs/cgroup/memory/docker/abc/memory.stat", "total_inactive_file 50000000\ninactive_file 1\n");
        PressureReader reader = reader();
        assertThat(reader.read().containerUsedPercent()).isEqualTo(25.0);
        assertThat(reader.read().pressureSomeAvg10()).as("no PSI file").isEqualTo(-1);
        write("sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes", "9223372036854771712\n");
        assertThat(reader.read().containerUsedPercent()).as("v1's unlimited").isEqualTo(-1);
    }

    @Test
    void theCgroupIsFoundOnceAndAgainWhenTheProcessMoves() throws IOException {
        write("proc/meminfo", MEMINFO);
        write("proc/self/cgroup", "0::/app\n");
        write("proc/self/mountinfo", V2_MOUNT);
        write("sys/fs/cgroup/memory.current", "999999\n");   // the root's charge: never this process's
        write("sys/fs/cgroup/app/memory.max", "1000\n");
        write("sys/fs/cgroup/app/memory.current", "100\n");
        write("sys/fs/cgroup/moved/memory.max", "1000\n");
        write("sys/fs/cgroup/moved/memory.current", "700\n");
        PressureReader reader = reader();
        CgroupMemory.Reader full = new CgroupMemory.Reader(root);
        assertThat(reader.read().containerUsedPercent()).isEqualTo(10.0);
        assertThat(full.read().orElseThrow().usageBytes()).isEqualTo(100);
        // mountinfo is not read again while the process stays in its cgroup
        write("proc/self/mountinfo", "garbage\n");
        write("sys/fs/cgroup/app/memory.current", "400\n");
        assertThat(reader.read().containerUsedPercent()).isEqualTo(40.0);
        assertThat(full.read().orElseThrow().usageBytes()).isEqualTo(400);
        // moved (its old cgroup still there): found again at the next reading
        write("proc/self/mountinfo", V2_MOUNT);
        write("proc/self/cgroup", "0::/moved\n");
        assertThat(reader.read().containerUsedPercent()).isEqualTo(70.0);
        assertThat(full.read().orElseThrow().usageBytes()).isEqualTo(700);
    }

    @Test
    void aJvmWithoutACgroupLooksAgainAtEveryReading() throws IOException {
        write("proc/meminfo", MEMINFO);
        PressureReader reader = reader();
        CgroupMemory.Reader full = new CgroupMemory.Reader(root);
        assertThat(reader.read().containerUsedPercent()).isEqualTo(-1);
        assertThat(full.read()).isEmpty();
        write("proc/self/cgroup", "0::/app\n");
        write("proc/self/mountinfo", V2_MOUNT);
        write("sys/fs/cgroup/app/memory.max", "1000\n");
        write("sys/fs/cgroup/app/memory.current", "250\n");
        assertThat(reader.read().containerUsedPercent()).isEqualTo(25.0);
        assertThat(full.read()).isPresent();
    }

    @Test
    void withoutProcMeminfoTheFiguresComeFromAFullReading() {
        SystemPressure p = reader().read();
        assertThat(fullReadings).hasValue(1);
        assertThat(p.usedPercent()).isEqualTo(75.0);
        assertThat(p.pressureSomeAvg10()).isEqualTo(3.5);
        assertThat(p.containerUsedPercent()).isEqualTo(-1);
    }

    @Test
    void numbersAreFoundOnlyWhereTheirKeyStartsALine() throws IOException {
        ProcFiles files = new ProcFiles();
        write("f", "xMemTotal: 5 kB\nMemTotalish: 6\nMemTotal:   7 kB\nbig 99999999999999999999\n");
        assertThat(files.read(root.resolve("f"))).isTrue();
        assertThat(files.numberAfterLineStart("MemTotal:")).isEqualTo(7);
        assertThat(files.numberAfterLineStart("big")).as("more digits than a long holds").isEqualTo(-1);
        assertThat(files.numberAfterLineStart("absent")).isEqualTo(-1);
        assertThat(files.read(root.resolve("missing"))).isFalse();
        StringBuilder large = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            large.append("line").append(i).append(' ').append(i).append('\n');
        }
        write("large", large.toString());
        assertThat(files.read(root.resolve("large"))).isTrue();
        assertThat(files.numberAfterLineStart("line1999")).as("a file larger than the first buffer").isEqualTo(1999);
    }
}
