package io.memorymanager.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerMemoryTest {

    private static final String V2_MOUNT =
            "30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n";
    private static final String V1_MOUNTS = """
            22 21 0:20 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
            27 22 0:23 / /sys/fs/cgroup/cpu rw,nosuid - cgroup cgroup rw,cpu
            29 22 0:25 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,memory
            31 22 0:27 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:14 - cgroup2 cgroup2 rw
            """;

    @TempDir
    Path root;

    private void write(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void cgroupV2NumericLimitAndCurrentUsageAreRead() throws IOException {
        write("proc/self/cgroup", "0::/system.slice/app.service\n");
        write("proc/self/mountinfo", V2_MOUNT);
        write("sys/fs/cgroup/system.slice/app.service/memory.max", "536870912\n");
        write("sys/fs/cgroup/system.slice/app.service/memory.current", "123456789\n");

        assertThat(ContainerMemory.read(root)).isEqualTo(new ContainerMemory.Reading(536870912, 123456789));
    }

    @Test
    void cgroupV2MaxMeansNotLimited() throws IOException {
        write("proc/self/cgroup", "0::/user.slice\n");
        write("proc/self/mountinfo", V2_MOUNT);
        write("sys/fs/cgroup/user.slice/memory.max", "max\n");
        write("sys/fs/cgroup/user.slice/memory.current", "4096\n");

        ContainerMemory.Reading reading = ContainerMemory.read(root);

        assertThat(reading.limitBytes()).isEqualTo(-1);
        assertThat(reading.usedBytes()).isEqualTo(4096);
    }

    @Test
    void cgroupV2ParentLimitBindsAnUnlimitedChild() throws IOException {
        write("proc/self/cgroup", "0::/kubepods/pod1/ctr\n");
        write("proc/self/mountinfo", V2_MOUNT);
        write("sys/fs/cgroup/kubepods/pod1/ctr/memory.max", "max\n");
        write("sys/fs/cgroup/kubepods/pod1/ctr/memory.current", "1000\n");
        write("sys/fs/cgroup/kubepods/pod1/memory.max", "1073741824\n");
        write("sys/fs/cgroup/kubepods/memory.max", "2147483648\n");

        assertThat(ContainerMemory.read(root)).isEqualTo(new ContainerMemory.Reading(1073741824, 1000));
    }

    @Test
    void cgroupV2InsideContainerNamespaceReadsTheMountPointItself() throws IOException {
        write("proc/self/cgroup", "0::/\n");
        write("proc/self/mountinfo", V2_MOUNT);
        write("sys/fs/cgroup/memory.max", "268435456\n");
        write("sys/fs/cgroup/memory.current", "67108864\n");

        assertThat(ContainerMemory.read(root)).isEqualTo(new ContainerMemory.Reading(268435456, 67108864));
    }

    @Test
    void cgroupV1LimitAndUsageAreReadOnAHybridHost() throws IOException {
        write("proc/self/cgroup", "4:memory:/process_api/abc\n1:cpu:/\n0::/\n");
        write("proc/self/mountinfo", V1_MOUNTS);
        write("sys/fs/cgroup/memory/process_api/abc/memory.limit_in_bytes", "268435456\n");
        write("sys/fs/cgroup/memory/process_api/abc/memory.usage_in_bytes", "123428864\n");
        write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");

        assertThat(ContainerMemory.read(root)).isEqualTo(new ContainerMemory.Reading(268435456, 123428864));
    }

    @Test
    void cgroupV1UnlimitedSentinelMeansNotLimited() throws IOException {
        write("proc/self/cgroup", "4:memory:/\n");
        write("proc/self/mountinfo", V1_MOUNTS);
        write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
        write("sys/fs/cgroup/memory/memory.usage_in_bytes", "5000\n");

        assertThat(ContainerMemory.read(root)).isEqualTo(new ContainerMemory.Reading(-1, 5000));
    }

    @Test
    void cgroupV1ContainerWhoseMountRootIsItsOwnCgroup() throws IOException {
        write("proc/self/cgroup", "9:memory,hugetlb:/docker/0123abc\n");
        write("proc/self/mountinfo",
                "40 30 0:35 /docker/0123abc /sys/fs/cgroup/memory ro - cgroup cgroup rw,memory,hugetlb\n");
        write("sys/fs/cgroup/memory/memory.limit_in_bytes", "536870912\n");
        write("sys/fs/cgroup/memory/memory.usage_in_bytes", "1024\n");

        assertThat(ContainerMemory.read(root)).isEqualTo(new ContainerMemory.Reading(536870912, 1024));
    }

    @Test
    void missingFilesMeanNoContainer() throws IOException {
        assertThat(ContainerMemory.read(root)).isEqualTo(ContainerMemory.Reading.NONE);

        write("proc/self/cgroup", "0::/app\n");
        write("proc/self/mountinfo", V2_MOUNT);
        assertThat(ContainerMemory.read(root)).isEqualTo(ContainerMemory.Reading.NONE);
    }

    @Test
    void garbageInLimitFilesIsUnknownNotAnError() throws IOException {
        write("proc/self/cgroup", "0::/app\n");
        write("proc/self/mountinfo", V2_MOUNT);
        write("sys/fs/cgroup/app/memory.max", "lots\n");
        write("sys/fs/cgroup/app/memory.current", "-5\n");

        assertThat(ContainerMemory.read(root)).isEqualTo(ContainerMemory.Reading.NONE);
    }

    @Test
    void cgroupPathThatEscapesTheMountIsIgnored() throws IOException {
        write("proc/self/cgroup", "0::/../../etc\n");
        write("proc/self/mountinfo", V2_MOUNT);
        write("etc/memory.max", "1024\n");

        assertThat(ContainerMemory.read(root)).isEqualTo(ContainerMemory.Reading.NONE);
    }

    @Test
    void limitParsing() {
        assertThat(ContainerMemory.parseLimit("max\n")).isEqualTo(-1);
        assertThat(ContainerMemory.parseLimit("9223372036854771712")).isEqualTo(-1);
        assertThat(ContainerMemory.parseLimit("1048576\n")).isEqualTo(1048576);
        assertThat(ContainerMemory.parseLimit("")).isEqualTo(-1);
        assertThat(ContainerMemory.parseLimit("12k")).isEqualTo(-1);
    }

    @Test
    void mountPointsWithEscapedSpacesAreUnescaped() {
        assertThat(ContainerMemory.parseMountInfo("1 2 0:1 / /cg\\040root rw - cgroup2 none rw\n"))
                .extracting(ContainerMemory.Mount::mountPoint)
                .containsExactly("/cg root");
    }
}
