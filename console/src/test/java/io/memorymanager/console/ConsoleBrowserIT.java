package io.memorymanager.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console end to end, in Debian's headless Chromium driven by Playwright ({@code src/test/e2e}): a child JVM
 * runs {@link TargetApp} with Memory Manager's agent, a second runs {@code memory-manager-console.jar} pointed at
 * it, and the browser opens the URL the console prints. Health and heap values on the Memory page equal the MBean
 * server's (formatted); a pool resize shows the new size; a histogram diff shows the growing class first; the
 * optimizer shows its report and then its cooldown in words; a Monitor threshold lowered behind the page's back
 * shows in its events feed; a platform operation the policy denies shows the policy's message. Screenshots go to {@code target/e2e-screenshots}.
 *
 * <p>Needs {@code /usr/bin/chromium} (Debian's {@code chromium}); without it the test is skipped with a message,
 * unless the environment variable {@code MM_E2E_REQUIRED} is set, in which case it fails.
 */
class ConsoleBrowserIT {

    private static final Path E2E = Path.of("src/test/e2e");
    private static final Path SHOTS = Path.of("target/e2e-screenshots");
    private static final Path FORMAT = Path.of("target/ts-test/main/ts/format.js");

    /** A one-minute leak window (a sample a second), so that the application's leak is judged while the test runs. */
    private static final String AGENT_OPTIONS = "port=0,leakWindowSeconds=60,leakSampleIntervalMillis=1000";

    @TempDir
    Path jars;

    @Test
    void theMemoryPageShowsTheAgentsFiguresAndActsOnIt() throws Exception {
        requireBrowser();
        assertThat(FORMAT).as("npm test compiles the format module the driver checks against").exists();
        List<String> target = new CopyOnWriteArrayList<>();
        Process app = new ProcessBuilder(java(), "-Xmx256m", "-XX:+UseG1GC", "-javaagent:" + agentJar() + "=" + AGENT_OPTIONS,
                "-cp", appClassPath(), TargetApp.class.getName()).redirectErrorStream(true).start();
        pump(app, target, "target-app");
        Process console = null;
        try {
            String jolokia = awaitLine(target, "Memory Manager: Jolokia at (http://127\\.0\\.0\\.1:\\d+/jolokia/)");
            String token = awaitLine(target, "exec and write need the access token in (\\S+)");
            awaitLine(target, "^(target ready)$");

            List<String> out = new CopyOnWriteArrayList<>();
            long started = System.nanoTime();
            console = new ProcessBuilder(java(), "-jar", System.getProperty("console.jar"), "--port", "0",
                    "--token-file", token, jolokia).redirectErrorStream(true).start();
            pump(console, out, "console");
            String url = awaitLine(out, "^\\s+Open\\s+(http://127\\.0\\.0\\.1:\\d+/)$");
            long startMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(out).anyMatch(l -> l.contains("acts with the access token in " + token));

            Process browser = new ProcessBuilder("node", "console-e2e.mjs", url, jolokia,
                    SHOTS.toAbsolutePath().toString(), FORMAT.toAbsolutePath().toString(), token)
                    .directory(E2E.toFile()).redirectErrorStream(true).start();
            String output = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(browser.waitFor(10, TimeUnit.MINUTES)).isTrue();
            assertThat(browser.exitValue()).as(output + "\nconsole:\n" + String.join("\n", out)).isZero();
            String result = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
            System.out.println("console started in " + startMillis + " ms (as the test saw it); " + result);

            assertThat(field(result, "url")).contains("/hawtio/memory");
            // Health: what the banner says is what the MBean said just before or after
            assertThat(result).containsPattern("\"healthFromMBean\":\\[\"(UP|DEGRADED|DOWN)\",\"(UP|DEGRADED|DOWN)\"\\]");
            assertThat(field(result, "healthStatus")).isIn(healthFromMBean(result));
            assertThat(field(result, "bannerStatus")).isEqualTo(field(result, "healthStatus"));
            // constant heap and machine figures: the MBean server's value, formatted as the page formats it
            assertThat(field(result, "heapMaxBytes")).isEqualTo(field(result, "heapMaxFromMBean"));
            assertThat(field(result, "heapMaxText")).isEqualTo(field(result, "heapMaxExpected")).isEqualTo("256 MB");
            assertThat(field(result, "systemTotalBytes")).isEqualTo(field(result, "systemTotalFromMBean"));
            assertThat(field(result, "systemTotalText")).isEqualTo(field(result, "systemTotalExpected"));
            assertThat(Integer.parseInt(field(result, "chartCount"))).isEqualTo(5);
            assertThat(field(result, "leakStatus")).matches("(NONE|INFO|WARNING|CRITICAL): .+");
            // the memory budget card
            assertThat(field(result, "budgetLimitBytes")).isEqualTo(field(result, "budgetLimitFromMBean"));
            assertThat(field(result, "budgetLimitText")).isEqualTo(field(result, "budgetLimitExpected"));
            assertThat(field(result, "budgetLevel")).isEqualTo(field(result, "budgetLevelFromMBean"));
            assertThat(field(result, "budgetComponents")).contains("Java heap: ").contains("Metaspace: ")
                    .contains("Thread stacks: ");
            // the pool: 4, resized to 6 from the page, 6 on the page and in the MBean server
            assertThat(field(result, "poolMaxBefore")).isEqualTo("4");
            assertThat(field(result, "resizeText")).contains("Maximum size 4 → 6");
            assertThat(field(result, "poolMaxAfter")).isEqualTo("6");
            assertThat(field(result, "poolMaxFromMBean")).isEqualTo("6");
            // the pool sized itself between 4 and 8 until the operator's resize, which the history shows
            assertThat(field(result, "poolSizingBefore")).isEqualTo("auto, 4 to 8");
            assertThat(field(result, "poolSizingAfter")).isEqualTo("set by an operator");
            assertThat(field(result, "poolResizes")).containsPattern("\\d\\d:\\d\\d:\\d\\d by operator: max size 4 \\S 6\\. "
                    + "set by an operator; auto-sizing is off until it is switched on again");
            assertThat(field(result, "diffFirstClass")).isEqualTo("com.acme.orders.OrderRecord");
            assertThat(field(result, "reportText")).contains("trimPools").contains("freed");
            assertThat(field(result, "cooldownText")).contains("not now").contains("trimPools ran")
                    .contains("may run again in").doesNotContain("Exception").doesNotContain("{");
            // the leak: amber (DEGRADED) with the leak detector's reason, the leaking class named as the MBean names it
            assertThat(field(result, "leakBanner")).isEqualTo("DEGRADED");
            assertThat(field(result, "leakBannerClass")).contains("pf-m-warning");
            assertThat(field(result, "leakReasons")).contains("leak detector: HEAP");
            assertThat(field(result, "leakVerdict")).matches("(WARNING|CRITICAL): .+");
            assertThat(field(result, "leakStatusFromMBean")).isIn("WARNING", "CRITICAL");
            assertThat(field(result, "leakTopSuspect")).startsWith("com.acme.orders.OrderRecord grows ");
            assertThat(field(result, "leakTopSuspectFromMBean")).isEqualTo("com.acme.orders.OrderRecord");
            assertThat(Long.parseLong(field(result, "leakNamedAfterMillis"))).isLessThan(300_000);
            assertThat(field(result, "thresholdsLowered")).isEqualTo("true");
            assertThat(field(result, "pressureEvent")).contains("Memory pressure NORMAL → CRITICAL: ")
                    .containsPattern("System memory .*critical 2");
            assertThat(field(result, "denied")).isEqualTo("Operation gc() forbidden for MBean java.lang:type=Memory");
            for (String shot : List.of("console-memory.png", "console-pools.png", "console-histogram-diff.png",
                    "console-optimizer-report.png", "console-optimizer-refusal.png", "console-leak.png", "console-events.png",
                    "console-denied.png")) {
                assertThat(Files.size(SHOTS.resolve(shot))).as(shot).isGreaterThan(10_000);
            }
        } finally {
            if (console != null) {
                console.destroy();
                console.waitFor(10, TimeUnit.SECONDS);
            }
            app.getOutputStream().close();
            if (!app.waitFor(10, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    private static List<String> healthFromMBean(String result) {
        Matcher m = Pattern.compile("\"healthFromMBean\":\\[\"(\\w+)\",\"(\\w+)\"\\]").matcher(result);
        assertThat(m.find()).isTrue();
        return List.of(m.group(1), m.group(2));
    }

    private static void requireBrowser() {
        if (Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            return;
        }
        if (System.getenv("MM_E2E_REQUIRED") != null) {
            throw new AssertionError("the console's browser test needs Debian's chromium (apt-get install -y chromium)");
        }
        Assumptions.abort("the console's browser test is skipped: it needs Debian's chromium at /usr/bin/chromium "
                + "(apt-get install -y chromium); .ci/run installs it");
    }

    /**
     * The agent jar, copied: another build of the project may rewrite jolokia-bridge/target while the child runs,
     * and a JVM whose agent jar changes under it fails to load the agent's classes.
     */
    private String agentJar() throws IOException {
        Path jar = Path.of(System.getProperty("agent.jar"));
        assertThat(jar).as("the agent jar, built by the jolokia-bridge module").exists();
        return Files.copy(jar, jars.resolve("memory-manager-agent.jar")).toString();
    }

    /** The test classes and the pool's classes (mbeans and SLF4J's API, copied too); the agent brings its own. */
    private String appClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String n = e.replace('\\', '/');
            if (n.endsWith("/test-classes")) {
                entries.add(e);
            } else if (n.contains("memory-manager-mbeans") || n.contains("/mbeans/target/") || n.contains("slf4j-api")) {
                Path p = Path.of(e);
                entries.add(Files.isRegularFile(p) ? Files.copy(p, jars.resolve(p.getFileName())).toString() : e);
            }
        }
        return entries.stream().collect(Collectors.joining(File.pathSeparator));
    }

    /** A top-level string (unescaped) or number field of the script's RESULT line. */
    private static String field(String result, String name) {
        Matcher text = Pattern.compile("\"" + name + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(result);
        if (text.find()) {
            return text.group(1).replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"");
        }
        Matcher plain = Pattern.compile("\"" + name + "\":([^,}\\]]*)").matcher(result);
        assertThat(plain.find()).as(name + " in " + result).isTrue();
        return plain.group(1);
    }

    private static String awaitLine(List<String> lines, String regex) {
        Pattern p = Pattern.compile(regex);
        await().atMost(Duration.ofSeconds(90)).until(() -> lines.stream().anyMatch(l -> p.matcher(l).find()));
        Matcher m = lines.stream().map(p::matcher).filter(Matcher::find).findFirst().orElseThrow();
        return m.group(1);
    }

    private static void pump(Process process, List<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                r.lines().forEach(lines::add);
            } catch (IOException e) {
                lines.add(e.toString());
            }
        }, name + "-output");
        t.setDaemon(true);
        t.start();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
