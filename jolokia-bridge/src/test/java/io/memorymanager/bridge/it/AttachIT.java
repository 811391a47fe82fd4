package io.memorymanager.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memorymanager.bridge.BridgeOptions;
import io.memorymanager.bridge.Http;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code java -jar memory-manager-agent.jar start|stop|status|list} against real JVMs started without the agent. */
class AttachIT {

    /** What the tool printed and its exit code. */
    private record Run(int exit, String out, String err) {
    }

    private static Run tool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ChildJvm.AGENT_JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void startStatusStopAndListARunningJvm() throws Exception {
        try (ChildJvm child = ChildJvm.start(List.of(), ChildJvm.HOST_CLASSES, "serve")) {
            String pid = Long.toString(child.pid());
            Run before = tool("status", pid);
            assertThat(before.exit()).isEqualTo(1);
            assertThat(before.out()).contains("pid " + pid + ": Memory Manager not running");
            Run bad = tool("stop", pid);
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err()).contains("Memory Manager is not running in pid " + pid);

            Run started = tool("start", pid, "port=0");
            assertThat(started.exit()).as(started.err()).isZero();
            Matcher url = Pattern.compile("running at (http://\\S+)").matcher(started.out());
            assertThat(url.find()).as(started.out()).isTrue();
            Http http = new Http(url.group(1));
            assertThat(http.get("read/io.memorymanager:type=JvmMemory/HeapUsedBytes").status()).isEqualTo(200);

            Run again = tool("start", pid, "port=0");
            assertThat(again.exit()).isEqualTo(1);
            assertThat(again.err()).contains("already running in pid " + pid + " at " + url.group(1));
            assertThat(tool("status", pid).out()).contains("Memory Manager running at " + url.group(1));
            assertThat(tool("list").out()).contains(pid + "\t" + HostApp.class.getName() + "\tMemory Manager running at");

            Run stopped = tool("stop", pid);
            assertThat(stopped.exit()).as(stopped.err()).isZero();
            assertThat(stopped.out()).contains("Memory Manager stopped");
            assertThatThrownBy(() -> http.get("read/io.memorymanager:type=JvmMemory")).isInstanceOf(ConnectException.class);

            Run restarted = tool("start", pid, "port=0");
            assertThat(restarted.exit()).as("a stopped agent starts again: " + restarted.err()).isZero();
            assertThat(tool("stop", pid).exit()).isZero();

            child.closeStdin();
            assertThat(child.awaitExit(java.time.Duration.ofSeconds(20))).as("the application carries on and exits")
                    .isZero();
        }
    }

    @Test
    void badOptionsAreReportedFromTheTargetAndChangeNothing() throws Exception {
        try (ChildJvm child = ChildJvm.start(List.of(), ChildJvm.HOST_CLASSES, "serve")) {
            String pid = Long.toString(child.pid());
            Run run = tool("start", pid, "prot=1");
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).contains("Memory Manager failed: unknown option 'prot'");
            assertThat(tool("status", pid).out()).contains("Memory Manager failed");
        }
    }

    @Test
    void hashPasswordMakesALineTheAgentAccepts(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                ChildJvm.AGENT_JAR.toAbsolutePath().toString(), "hash-password", "ops").start();
        p.getOutputStream().write("hunter2\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(line).matches("ops:pbkdf2-sha256:\\d+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+").doesNotContain("hunter2");
        Path users = java.nio.file.Files.writeString(dir.resolve("users"), line + "\n");
        java.nio.file.Files.setPosixFilePermissions(users, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        try (ChildJvm child = ChildJvm.start(List.of(ChildJvm.agent("port=0,authFile=" + users)), ChildJvm.HOST_CLASSES,
                "serve")) {
            String url = child.awaitStderr("Memory Manager: Jolokia at (http://\\S+)");
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest.Builder read = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url + "read/io.memorymanager:type=Health/Status"));
            assertThat(client.send(read.build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(401);
            String basic = java.util.Base64.getEncoder().encodeToString("ops:hunter2".getBytes(StandardCharsets.UTF_8));
            assertThat(client.send(read.header("Authorization", "Basic " + basic).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body()).contains("\"status\":200");
        }
    }

    @Test
    void clearErrorsForWhatCannotBeAttached() throws Exception {
        Run unknown = tool("status", "999999999");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no process with pid 999999999");
        Run notAPid = tool("start", "abc");
        assertThat(notAPid.exit()).isEqualTo(2);
        assertThat(notAPid.err()).contains("not a process id: 'abc'");
        Run usage = tool();
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("usage: java -jar memory-manager-agent.jar start <pid> [options]");
        for (BridgeOptions.Option o : BridgeOptions.OPTIONS) {
            assertThat(usage.err()).as(o.key()).containsPattern("(?m)^  " + o.key() + " +\\S.*\\(default: .+\\)$");
        }
        try (ChildJvm refusing = ChildJvm.start(List.of("-XX:+DisableAttachMechanism"), ChildJvm.HOST_CLASSES, "serve")) {
            Run refused = tool("start", Long.toString(refusing.pid()));
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err()).contains("cannot attach to pid " + refusing.pid());
        }
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            Run notJava = tool("status", Long.toString(sleep.pid()));
            assertThat(notJava.exit()).isEqualTo(2);
            assertThat(notJava.err()).contains("cannot attach to pid " + sleep.pid());
        } finally {
            sleep.destroyForcibly();
        }
    }
}
