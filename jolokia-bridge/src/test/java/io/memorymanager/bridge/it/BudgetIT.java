package io.memorymanager.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memorymanager.bridge.AccessToken;
import io.memorymanager.bridge.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory budget of a child JVM with the agent, under a fixture cgroup whose charge the test moves. */
class BudgetIT {

    private static final String JOLOKIA_URL = "Memory Manager: Jolokia at (http://\\S+)";
    private static final long MB = 1L << 20;

    @Test
    @SuppressWarnings("unchecked")
    void aHeapMaxThatCannotFitTheFixtureLimitGetsTheOvercommitWithItsNumbers(@TempDir Path root) throws Exception {
        cgroupV2(root, "app", "app", 512 * MB, 200 * MB);
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
        return files(dir, ".hprof");
    }

    // Published files only (heap-*.hprof, recording-*.jfr), not those of work or repository directories below.
    private static long files(Path dir, String extension) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(extension)).count();
        }
    }

    /**
     * A cgroup v2 fixture under {@code root}: this process in {@code /<group>}, {@code limitBytes} set at
     * {@code /<limitGroup>} (the group or one of its parents), the usage at {@code usageBytes}; returns the usage file.
     */
    private static Path cgroupV2(Path root, String group, String limitGroup, long limitBytes, long usageBytes)
            throws Exception {
        write(root, "proc/self/cgroup", "0::/" + group + "\n");
        write(root, "proc/self/mountinfo", "30 24 0:26 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw\n");
        write(root, "sys/fs/cgroup/" + limitGroup + "/memory.max", limitBytes + "\n");
        write(root, "sys/fs/cgroup/" + group + "/memory.current", usageBytes + "\n");
        return root.resolve("sys/fs/cgroup/" + group + "/memory.current");
    }

    private static void write(Path root, String path, String content) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    @SuppressWarnings("unchecked")
    void headroomUnderTheFixtureLimitMovesTheLevelAndHealth(@TempDir Path root) throws Exception {
        Path usage = cgroupV2(root, "pod/app", "pod", 1024 * MB, 500 * MB);
        write(root, "sys/fs/cgroup/pod/app/memory.stat", "anon " + (400 * MB) + "\nfile " + (100 * MB)
                + "\ninactive_file 0\n");
        Path out = Files.createDirectory(root.resolve("out"));
        Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        try (ChildJvm child = ChildJvm.start(List.of("-Xmx256m", "-XX:StartFlightRecording", ChildJvm.agent(
                "port=0,cgroupRoot=" + root + ",outputDir=" + out + ",budgetActions=heapDump jfrDump clearCaches")),
                ChildJvm.HOST_CLASSES, "serve")) {
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

            // the opt-in last chances: one heap dump and one dump of the running flight recording
            await().atMost(Duration.ofSeconds(30)).until(() -> hprofs(out) == 1 && files(out, ".jfr") == 1);
            assertThat((List<String>) http.get(budget + "/LastActions").value())
                    .anySatisfy(a -> assertThat(a).contains("heap dump: wrote heap-"))
                    .anySatisfy(a -> assertThat(a).containsPattern("JFR dump: wrote recording-\\S+\\.jfr"))
                    .anySatisfy(a -> assertThat(a).contains("clear caches: cleared "));

            Files.writeString(usage, (600 * MB) + "\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> "NORMAL".equals(http.get(budget + "/Level").value()));
            assertThat(http.get("read/io.memorymanager:type=Health/Status").value()).isEqualTo("UP");

            Files.writeString(usage, (1000 * MB) + "\n");                // critical again within the hour
            await().atMost(Duration.ofSeconds(30)).until(() -> ((List<String>) http.get(budget + "/LastActions")
                    .value()).stream().anyMatch(a -> a.contains("heap dump: not run, it ran ")));
            assertThat(hprofs(out)).as("at most one heap dump an hour").isEqualTo(1);
            assertThat((List<String>) http.get(budget + "/LastActions").value())
                    .anySatisfy(a -> assertThat(a).contains("JFR dump: not run, it ran "));
            assertThat(files(out, ".jfr")).as("at most one JFR dump an hour").isEqualTo(1);
        }
    }

    /**
     * What counts rises steadily by a fixed step a second (30 MB/min towards a 1 GB limit, under half of it: only the
     * trend can warn), under a one-minute window sampled every second: TimeToLimitSeconds appears and follows the
     * rise, one warning notification arrives (over remote JMX), Health is DEGRADED; when the rise stops the level
     * recovers; a sawtooth after that warns of nothing.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aSteadyRiseWarnsOnceByItsTrendAndASawtoothDoesNot(@TempDir Path root) throws Exception {
        Path usage = cgroupV2(root, "app", "app", 1024 * MB, 300 * MB);
        try (ChildJvm child = ChildJvm.start(List.of("-Xmx128m", ChildJvm.agent("port=0,jmxPort=0,cgroupRoot=" + root
                + ",leakWindowSeconds=60,leakSampleIntervalMillis=1000")), ChildJvm.HOST_CLASSES, "serve")) {
            Http http = child.acting(JOLOKIA_URL);
            String budget = "read/io.memorymanager:type=MemoryBudget";
            String token = AccessToken.read(Path.of(child.awaitStderr("access token in (\\S+)")));
            List<Notification> received = new CopyOnWriteArrayList<>();
            try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(child.awaitStderr(
                    "Memory Manager: JMX at (service:jmx:\\S+)")), Map.of(JMXConnector.CREDENTIALS,
                    new String[] {AccessToken.USER, token}))) {
                MBeanServerConnection server = jmx.getMBeanServerConnection();
                server.addNotificationListener(new ObjectName("io.memorymanager:type=MemoryBudget"),
                        (n, handback) -> received.add(n), null, null);

                // +0.5 MB a second: 30 MB/min, the limit about 24 minutes away
                long[] current = {300 * MB};
                Runnable rise = () -> current[0] += MB / 2;
                await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    rise.run();
                    Files.writeString(usage, current[0] + "\n");
                    return "WARNING".equals(http.get(budget + "/Level").value());
                });
                long ttl = ((Number) http.get(budget + "/TimeToLimitSeconds").value()).longValue();
                double expected = (1024 * MB - current[0]) / (30.0 * MB) * 60;
                assertThat((double) ttl).as("seconds to the limit at 30 MB/min from %d MB", current[0] / MB)
                        .isBetween(expected * 0.7, expected * 1.3);
                assertThat(http.get("read/io.memorymanager:type=Health/Status").value()).isEqualTo("DEGRADED");
                assertThat((List<String>) http.get("read/io.memorymanager:type=Health/Reasons").value())
                        .anySatisfy(r -> assertThat(r).startsWith("memory budget WARNING: ")
                                .contains("at its trend the limit is reached in "));
                for (int i = 0; i < 15; i++) {
                    rise.run();
                    Files.writeString(usage, current[0] + "\n");
                    Thread.sleep(1000);
                }
                long later = ((Number) http.get(budget + "/TimeToLimitSeconds").value()).longValue();
                assertThat(later).as("the time left follows the rise").isPositive().isLessThan(ttl);
                await().atMost(Duration.ofSeconds(10)).until(() -> received.stream()
                        .anyMatch(n -> n.getType().equals("io.memorymanager.budget.warning")));

                // the rise stops: no trend, the level recovers (headroom is 60%)
                long stopped = System.nanoTime();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> "NORMAL".equals(http.get(budget + "/Level").value()));
                assertThat(((Number) http.get(budget + "/TimeToLimitSeconds").value()).longValue()).isEqualTo(-1);

                // once the window holds only the flat level, a sawtooth about it (+10 MB a second for 8 s, then
                // back): a garbage-collected cache
                Thread.sleep(Math.max(0, 65_000 - (System.nanoTime() - stopped) / 1_000_000));
                long middle = current[0];
                for (int i = 0; i < 40; i++) {
                    Files.writeString(usage, (middle - 35 * MB + (i % 8) * 10 * MB) + "\n");
                    Thread.sleep(1000);
                    assertThat(http.get(budget + "/Level").value()).as("level during the sawtooth, second %d", i)
                            .isEqualTo("NORMAL");
                }
                assertThat(received).extracting(Notification::getType).as("one notification per crossing")
                        .containsExactly("io.memorymanager.budget.warning", "io.memorymanager.budget.recovered");
                assertThat(received.get(0).getMessage()).startsWith("Memory budget WARNING: ")
                        .contains("left under the 1.0 GB limit; at its trend the limit is reached in ");
            }
        }
    }
}
