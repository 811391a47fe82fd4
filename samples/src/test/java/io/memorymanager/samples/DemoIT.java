package io.memorymanager.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's demo jar, run as a user runs it, and read over its Jolokia endpoint. */
class DemoIT {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String token;

    /** POSTs an exec request for {@code operation} of {@code mbean}, with string arguments. */
    private String exec(String url, String mbean, String operation, String... args) throws Exception {
        StringBuilder json = new StringBuilder("{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\""
                + operation + "\",\"arguments\":[");
        for (int i = 0; i < args.length; i++) {
            json.append(i > 0 ? "," : "").append('"').append(args[i]).append('"');
        }
        json.append("]}");
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(json.toString())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private String get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void demoPrintsWhereToLookAndItsWorkloadCanBeSteered() throws Exception {
        Path jar = Path.of(System.getProperty("demo.jar", "target/memory-manager-demo.jar"));
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(), "--port", "0", "--seconds", "90").redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(demo.getInputStream(),
                    StandardCharsets.UTF_8))) {
                r.lines().forEach(lines::add);
            } catch (Exception e) {
                lines.add(e.toString());
            }
        });
        pump.setDaemon(true);
        pump.start();
        try {
            Pattern jolokia = Pattern.compile("^\\s+Jolokia\\s+(http://127\\.0\\.0\\.1:\\d+/jolokia/)$");
            await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> jolokia.matcher(l).find()));
            String url = lines.stream().map(jolokia::matcher).filter(Matcher::find).findFirst().orElseThrow().group(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("Stop with Ctrl+C."));
            List<String> firstScreen = lines.subList(0, lines.indexOf("Stop with Ctrl+C.") + 1);
            assertThat(firstScreen).as("the first screen a user sees has no alarming lines")
                    .noneMatch(l -> l.contains("SLF4J") || l.contains("No access restrictor") || l.contains("ERROR")
                            || l.contains("WARN") || l.contains("Exception"));
            assertThat(lines).anyMatch(l -> l.contains("curl -s " + url + "read/io.memorymanager:type=JvmMemory"));
            Matcher tokenLine = lines.stream().map(Pattern.compile("^\\s+Token\\s+(\\S+)")::matcher)
                    .filter(Matcher::find).findFirst().orElseThrow();
            Path tokenFile = Path.of(tokenLine.group(1));
            assertThat(java.nio.file.Files.getPosixFilePermissions(tokenFile))
                    .containsExactlyInAnyOrderElementsOf(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            token = java.nio.file.Files.readString(tokenFile).strip();
            assertThat(get(url + "exec/io.memorymanager:type=Demo,name=workload/startLeak"))
                    .as("exec by GET is refused").contains("\"status\":405").contains("needs POST");

            assertThat(get(url + "read/io.memorymanager:type=SystemMemory/TotalBytes")).contains("\"status\":200");
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    get(url + "read/io.memorymanager:type=Demo,name=workload/CacheBytes").matches(".*\"value\":[1-9].*"));
            assertThat(exec(url, "io.memorymanager:type=Profiler", "classHistogramDiff", "50")).contains("\"status\":200");
            assertThat(exec(url, "io.memorymanager:type=Demo,name=workload", "startLeak")).contains("\"status\":200");
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    get(url + "read/io.memorymanager:type=Demo,name=workload/LeakedBytes").matches(".*\"value\":[1-9].*"));
            assertThat(get(url + "read/io.memorymanager:type=Monitor/SampleCount")).matches(".*\"value\":[1-9].*");
            for (String pool : new String[] {"demo-buffers", "demo-connections"}) {
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        get(url + "read/io.memorymanager:type=ObjectPool,name=" + pool + "/BorrowCount")
                                .matches(".*\"value\":[1-9].*"));
            }
            for (String pool : new String[] {"demo-buffers", "demo-connections"}) {
                assertThat(get(url + "read/io.memorymanager:type=ObjectPool,name=" + pool + "/AutoSize"))
                        .as(pool + " sizes itself").contains("\"value\":true");
            }
            assertThat(exec(url, "io.memorymanager:type=ObjectPool,name=demo-connections", "resize", "6"))
                    .contains("\"maxSize\":6");
            assertThat(get(url + "read/io.memorymanager:type=ObjectPool,name=demo-connections/AutoSize"))
                    .as("the operator's resize turns it off").contains("\"value\":false");
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    get(url + "read/io.memorymanager:type=Cache,name=demo-renders/Size").matches(".*\"value\":[1-9].*"));
            assertThat(get(url + "read/io.memorymanager:type=CircuitBreaker,name=demo-leak/State"))
                    .contains("\"value\":\"CLOSED\"");
            assertThat(get(url + "read/io.memorymanager:type=Health/Status")).matches(".*\"value\":\"(UP|DEGRADED)\".*");
            assertThat(get(url + "read/io.memorymanager:type=Health/Reactions"))
                    .contains("trim demo-renders by half").contains("clear all caches");
            assertThat(exec(url, "io.memorymanager:type=Optimizer", "clearCache", "demo-renders"))
                    .contains("\"operation\":\"clearCache(demo-renders)\"").contains("clear cache demo-renders");
            assertThat(exec(url, "io.memorymanager:type=Optimizer", "clearCache", "demo-renders"))
                    .as("the cooldown refuses a second call, as a client error").contains("it may run again in")
                    .contains("\"status\":429");
            // the leak is an application's: sessions in a static registry, named by a histogram diff
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(11)).until(() ->
                    exec(url, "io.memorymanager:type=Profiler", "classHistogramDiff", "50")
                            .contains("\"className\":\"io.memorymanager.samples.SessionRegistry$UserSession\""));
        } finally {
            demo.destroyForcibly();
        }
    }
}
