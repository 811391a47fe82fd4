package io.memorymanager.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupMemoryTest {

    private static final String V2_MOUNT =
            "30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n";
    private static final String V1_MOUNT =
            "29 22 0:25 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,memory\n";

    @TempDir
    Path root;

    private void write(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void v2LimitWhereItBindsChargeAndStat() throws IOException {
        write("proc/self/cgroup", "0::/kubepods/pod1/ctr\n");
        write("proc/self/mountinfo", V2_MOUNT);
        write("sys/fs/cgroup/kubepods/pod1/ctr/memory.max", "max\n");
        write("sys/fs/cgroup/kubepods/pod1/memory.max", "2097152000\n");
        write("sys/fs/cgroup/kubepods/pod1/ctr/memory.current", "1153433600\n");
        write("sys/fs/cgroup/kubepods/pod1/ctr/memory.stat", """
                anon 943718400
                file 209715200
                kernel 1000
                inactive_file 104857600
                odd line with words
                negative -5
                """);
        CgroupMemory.Reading r = CgroupMemory.read(root).orElseThrow();
        assertThat(r.version()).isEqualTo("v2");
        assertThat(r.limitBytes()).isEqualTo(2097152000L);
        assertThat(r.limitFile()).isEqualTo("sys/fs/cgroup/kubepods/pod1/memory.max");
        assertThat(r.usageBytes()).isEqualTo(1153433600L);
        assertThat(r.anonBytes()).isEqualTo(943718400L);
        assertThat(r.fileBytes()).isEqualTo(209715200L);
        assertThat(r.workingSetBytes()).isEqualTo(1153433600L - 104857600L);
        assertThat(r.stat()).doesNotContainKeys("odd", "negative");
    }

    @Test
    void v1UsesItsOwnFileNamesAndHierarchicalTotals() throws IOException {
        write("proc/self/cgroup", "12:memory:/docker/abc\n0::/\n");
        write("proc/self/mountinfo", V1_MOUNT);
        write("sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes", "536870912\n");
        write("sys/fs/cgroup/memory/docker/abc/memory.usage_in_bytes", "300000000\n");
        write("sys/fs/cgroup/memory/docker/abc/memory.stat", """
                cache 1000
                rss 2000
                total_cache 100000000
                total_rss 190000000
                total_inactive_file 50000000
                """);
        CgroupMemory.Reading r = CgroupMemory.read(root).orElseThrow();
        assertThat(r.version()).isEqualTo("v1");
        assertThat(r.limitBytes()).isEqualTo(536870912L);
        assertThat(r.anonBytes()).isEqualTo(190000000L);
        assertThat(r.fileBytes()).isEqualTo(100000000L);
        assertThat(r.workingSetBytes()).isEqualTo(250000000L);
    }

    @Test
    void noCgroupNoReadingAndNoStatMeansTheChargeCounts() throws IOException {
        assertThat(CgroupMemory.read(root)).isEmpty();
        write("proc/self/cgroup", "0::/app\n");
        write("proc/self/mountinfo", V2_MOUNT);
        write("sys/fs/cgroup/app/memory.current", "4096\n");
        CgroupMemory.Reading r = CgroupMemory.read(root).orElseThrow();
        assertThat(r.limitBytes()).isEqualTo(-1);
        assertThat(r.limitFile()).isEmpty();
        assertThat(r.workingSetBytes()).isEqualTo(4096);
        assertThat(r.anonBytes()).isEqualTo(-1);
    }
}
