package io.memorymanager.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memorymanager.bridge.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory budget of a child JVM with the agent, under a fixture cgroup whose charge the test moves. */
class BudgetIT {

    private static final String JOLOKIA_URL = "Memory Manager: Jolokia at (http://\\S+)";
    private static final long MB = 1L << 20;

    @Test
    @SuppressWarnings("unchecked")
    void aHeapMaxThatCannotFitTheFixtureLimitGetsTheOvercommitWithItsNumbers(@TempDir Path root) throws Exception {
        write(root, "proc/self/cgroup", "0::/app\n");
        write(root, "proc/self/mountinfo", "30 24 0:26 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw\n");
        write(root, "sys/fs/cgroup/app/memory.max", (512 * MB) + "\n");
        write(root, "sys/fs/cgroup/app/memory.current", (200 * MB) + "\n");
        try (ChildJvm child = ChildJvm.start(List.of("-Xmx480m", ChildJvm.agent("port=0,cgroupRoot=" + root)),
                ChildJvm.HOST_CLASSES, "serve")) {
            Http http = child.acting(JOLOKIA_URL);
            Map<String, Object> b = (Map<String, Object>) http.get("read/io.memorymanager:type=MemoryBudget").value();
            long worst = ((Number) b.get("WorstCaseBytes")).longValue();
            long over = ((Number) b.get("OvercommitBytes")).longValue();
            long heapMax = ((List<Map<String, Object>>) b.get("Components")).stream()
                    .filter(c -> c.get("name").equals("Java heap")).mapToLong(c -> ((Number) c.get("maxBytes"))
                            .longValue()).findFirst().orElseThrow();
            assertThat(over).isEqualTo(worst - 512 * MB).isPositive();
            long fit = (heapMax - over) / (64 * MB) * 64;
            assertThat((List<String>) b.get("Recommendations")).first().asString()
                    .startsWith("heap max " + Math.round(heapMax / (double) MB) + " MB + non-heap up to ")
                    .contains("exceed the 512 MB limit by ")
                    .contains(heapMax - over > 64 * MB ? "lower the heap to -Xmx" + fit + "m"
                            : "the non-heap alone does not fit");
        }
    }

    private static long hprofs(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("heap-") && f.endsWith(".hprof"))
                    .count();
        }
    }

    private static void write(Path root, String path, String content) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    @SuppressWarnings("unchecked")
    void headroomUnderTheFixtureLimitMovesTheLevelAndHealth(@TempDir Path root) throws Exception {
        write(root, "proc/self/cgroup", "0::/pod/app\n");
        write(root, "proc/self/mountinfo", "30 24 0:26 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw\n");
        write(root, "sys/fs/cgroup/pod/memory.max", (1024 * MB) + "\n");
        Path usage = root.resolve("sys/fs/cgroup/pod/app/memory.current");
        write(root, "sys/fs/cgroup/pod/app/memory.current", (500 * MB) + "\n");
        write(root, "sys/fs/cgroup/pod/app/memory.stat", "anon " + (400 * MB) + "\nfile " + (100 * MB)
                + "\ninactive_file 0\n");
        Path out = Files.createDirectory(root.resolve("out"));
        Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        try (ChildJvm child = ChildJvm.start(List.of("-Xmx256m", ChildJvm.agent("port=0,cgroupRoot=" + root
                + ",outputDir=" + out + ",budgetActions=heapDump clearCaches")), ChildJvm.HOST_CLASSES, "serve")) {
            Http http = child.acting(JOLOKIA_URL);
            String budget = "read/io.memorymanager:type=MemoryBudget";
            Map<String, Object> b = (Map<String, Object>) http.get(budget).value();
            assertThat(((Number) b.get("LimitBytes")).longValue()).isEqualTo(1024 * MB);
            assertThat(b.get("LimitSource")).isEqualTo("cgroup v2 limit in /sys/fs/cgroup/pod/memory.max");
            assertThat(((Number) b.get("CountedBytes")).longValue()).isEqualTo(500 * MB);
            assertThat(b.get("Level")).isEqualTo("NORMAL");
            assertThat((List<Map<String, Object>>) b.get("Components")).extracting(c -> c.get("name"))
                    .contains("Java heap", "Metaspace", "Code cache", "Thread stacks", "Direct buffers");

            Files.writeString(usage, (950 * MB) + "\n");                 // 7.2% left
            await().atMost(Duration.ofSeconds(30)).until(() -> "WARNING".equals(http.get(budget + "/Level").value()));
            assertThat(http.get("read/io.memorymanager:type=Health/Status").value()).isEqualTo("DEGRADED");
            assertThat((List<String>) http.get("read/io.memorymanager:type=Health/Reasons").value())
                    .contains("memory budget WARNING: 74 MB (7.2%) left under the 1.0 GB limit");

            Files.writeString(usage, (1000 * MB) + "\n");                // 2.3% left
            await().atMost(Duration.ofSeconds(30)).until(() -> "CRITICAL".equals(http.get(budget + "/Level").value()));
            assertThat(http.get("read/io.memorymanager:type=Health/Status").value()).isEqualTo("DOWN");

            // the opt-in last chance: one heap dump in the output directory
            await().atMost(Duration.ofSeconds(30)).until(() -> hprofs(out) == 1);
            assertThat((List<String>) http.get(budget + "/LastActions").value())
                    .anySatisfy(a -> assertThat(a).contains("heap dump: wrote heap-"))
                    .anySatisfy(a -> assertThat(a).contains("clear caches: cleared "));

            Files.writeString(usage, (600 * MB) + "\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> "NORMAL".equals(http.get(budget + "/Level").value()));
            assertThat(http.get("read/io.memorymanager:type=Health/Status").value()).isEqualTo("UP");

            Files.writeString(usage, (1000 * MB) + "\n");                // critical again within the hour
            await().atMost(Duration.ofSeconds(30)).until(() -> ((List<String>) http.get(budget + "/LastActions")
                    .value()).stream().anyMatch(a -> a.contains("heap dump: not run, it ran ")));
            assertThat(hprofs(out)).as("at most one heap dump an hour").isEqualTo(1);
        }
    }
}
