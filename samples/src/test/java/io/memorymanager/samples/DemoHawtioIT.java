package io.memorymanager.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The demo's console in Debian's headless Chromium, driven by Playwright ({@code src/test/e2e}): the start page
 * lands on the Memory page; then Hawtio's JMX page: the tree,
 * attribute values checked against the MBean server over Jolokia, a chart, operations with their results, and a
 * denied platform operation showing the policy's message. Screenshots go to {@code target/e2e-screenshots}.
 *
 * <p>Needs {@code /usr/bin/chromium} (Debian's {@code chromium}) and npm. Without them the test is skipped with
 * a message, unless the environment variable {@code MM_E2E_REQUIRED} is set ({@code .ci/run} sets it), in which
 * case it fails.
 */
class DemoHawtioIT {

    private static final Path E2E = Path.of("src/test/e2e");
    private static final Path SHOTS = Path.of("target/e2e-screenshots");
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void hawtioShowsOurMBeansRunsOperationsAndShowsRefusals() throws Exception {
        requireBrowser();
        npmInstall();
        List<String> lines = new CopyOnWriteArrayList<>();
        Process demo = new ProcessBuilder(java(), "-jar", System.getProperty("demo.jar"), "--port", "0",
                "--console-port", "0").redirectErrorStream(true).start();
        pump(demo, lines);
        try {
            String console = awaitLine(lines, "^\\s+Console\\s+(http://127\\.0\\.0\\.1:\\d+/)\\s");
            String jolokia = awaitLine(lines, "^\\s+Jolokia\\s+(http://127\\.0\\.0\\.1:\\d+/jolokia/)$");

            Process browser = new ProcessBuilder("node", "hawtio-e2e.mjs", console, SHOTS.toAbsolutePath().toString())
                    .directory(E2E.toFile()).redirectErrorStream(true).start();
            String output = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(browser.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(browser.exitValue()).as(output).isZero();
            String result = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();

            assertThat(field(result, "landedOn")).isEqualTo("/hawtio/memory");
            assertThat(field(result, "health")).isIn("UP", "DEGRADED", "DOWN");
            assertThat(field(result, "treeShown")).isEqualTo("true");
            // constant attributes: what the browser showed is what the MBean server holds
            assertThat(field(result, "systemTotalBytes"))
                    .isEqualTo(value(jolokia + "read/io.memorymanager:type=SystemMemory/TotalBytes"));
            assertThat(field(result, "jvmHeapMaxBytes"))
                    .isEqualTo(value(jolokia + "read/io.memorymanager:type=JvmMemory/HeapMaxBytes"));
            assertThat(Integer.parseInt(field(result, "jvmThreadCount"))).isPositive();
            assertThat(field(result, "chartTitle")).matches("JvmMemory: HeapUsedBytes: \\d+");
            assertThat(Integer.parseInt(field(result, "chartCards"))).isGreaterThan(5);
            assertThat(result).contains("\\\"operation\\\": \\\"trimPools\\\"").contains("trim pool demo-buffers");
            assertThat(result).contains("\\\"className\\\": \\\"byte[]\\\"");
            assertThat(result).contains("\\\"maxSize\\\": 6");
            assertThat(field(result, "denied")).isEqualTo("Operation gc() forbidden for MBean java.lang:type=Memory");
            assertThat(value(jolokia + "read/io.memorymanager:type=Demo,name=workload/Leaking"))
                    .as("the leak switch clicked in Hawtio reached the application").isEqualTo("true");
            for (String shot : List.of("demo-memory.png", "hawtio-tree.png", "hawtio-system-memory.png", "hawtio-chart.png",
                    "hawtio-operation.png", "hawtio-denied.png")) {
                assertThat(Files.size(SHOTS.resolve(shot))).as(shot).isGreaterThan(10_000);
            }
        } finally {
            demo.destroyForcibly();
        }
    }

    /**
     * A stock Hawtio 4.2 (the war as published, not the console) reaches the {@code io.memorymanager} tree through
     * its proxy, which passes its page's loopback Origin on, from an agent on loopback without {@code allowOrigin}.
     */
    @Test
    void aStockHawtioReachesOurTreeThroughItsProxyWithoutAllowOrigin(@org.junit.jupiter.api.io.TempDir Path work)
            throws Exception {
        requireBrowser();
        npmInstall();
        List<String> lines = new CopyOnWriteArrayList<>();
        Process demo = new ProcessBuilder(java(), "-jar", System.getProperty("demo.jar"), "--port", "0",
                "--no-console").redirectErrorStream(true).start();
        pump(demo, lines);
        try (StockHawtio hawtio = StockHawtio.start(work, Integer.parseInt(awaitLine(lines,
                "^\\s+Jolokia\\s+http://127\\.0\\.0\\.1:(\\d+)/jolokia/$")))) {
            String jolokia = awaitLine(lines, "^\\s+Jolokia\\s+(http://127\\.0\\.0\\.1:\\d+/jolokia/)$");
            assertThat(lines).noneMatch(l -> l.matches("^\\s+Console\\s.*"));
            Process browser = new ProcessBuilder("node", "hawtio-e2e.mjs", hawtio.url(), SHOTS.toAbsolutePath().toString(),
                    "stock").directory(E2E.toFile()).redirectErrorStream(true).start();
            String output = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(browser.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(browser.exitValue()).as(output).isZero();
            String result = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
            assertThat(field(result, "treeShown")).isEqualTo("true");
            assertThat(field(result, "systemTotalBytes"))
                    .isEqualTo(value(jolokia + "read/io.memorymanager:type=SystemMemory/TotalBytes"));
            assertThat(field(result, "jvmHeapMaxBytes"))
                    .isEqualTo(value(jolokia + "read/io.memorymanager:type=JvmMemory/HeapMaxBytes"));
            assertThat(field(result, "url")).contains("/hawtio/jmx");
            assertThat(Files.size(SHOTS.resolve("stock-hawtio-tree.png"))).isGreaterThan(10_000);
        } finally {
            demo.destroyForcibly();
        }
    }

    private static void requireBrowser() throws IOException, InterruptedException {
        boolean chromium = Files.isExecutable(Path.of("/usr/bin/chromium"));
        boolean npm = run(List.of("npm", "--version"), Path.of(".")) == 0;
        String missing = !chromium ? "Debian's chromium (apt-get install -y chromium)" : !npm ? "npm" : null;
        if (missing == null) {
            return;
        }
        if (System.getenv("MM_E2E_REQUIRED") != null) {
            throw new AssertionError("browser tests need " + missing);
        }
        Assumptions.abort("browser tests skipped: they need " + missing + "; .ci/run installs it");
    }

    private static void npmInstall() throws IOException, InterruptedException {
        if (!Files.isDirectory(E2E.resolve("node_modules/playwright-core"))) {
            // playwright-core only: it never downloads a browser; the test uses /usr/bin/chromium
            assertThat(run(List.of("npm", "ci", "--no-audit", "--no-fund"), E2E)).as("npm ci in " + E2E).isZero();
        }
    }

    private static int run(List<String> command, Path dir) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getInputStream().transferTo(System.out);
            return p.waitFor(5, TimeUnit.MINUTES) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private String value(String url) throws IOException, InterruptedException {
        String body = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\"value\":\"?([^,\"}]*)").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }

    /** A top-level string or number field of the script's RESULT line. */
    private static String field(String result, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?((?:[^\"\\\\]|\\\\.)*?)\"?[,}]").matcher(result);
        assertThat(m.find()).as(name + " in " + result).isTrue();
        return m.group(1);
    }

    private static String awaitLine(List<String> lines, String regex) {
        Pattern p = Pattern.compile(regex);
        await().atMost(Duration.ofSeconds(60)).until(() -> lines.stream().anyMatch(l -> p.matcher(l).find()));
        Matcher m = lines.stream().map(p::matcher).filter(Matcher::find).findFirst().orElseThrow();
        return m.group(1);
    }

    private static void pump(Process process, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                r.lines().forEach(lines::add);
            } catch (IOException e) {
                lines.add(e.toString());
            }
        }, "demo-output");
        t.setDaemon(true);
        t.start();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
