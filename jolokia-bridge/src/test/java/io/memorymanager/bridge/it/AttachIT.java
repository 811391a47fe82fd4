package io.memorymanager.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.memorymanager.bridge.Agent;
import io.memorymanager.bridge.Http;
import io.memorymanager.bridge.BridgeOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar memory-manager-agent.jar start|stop|status|list} against real JVMs started without the agent. */
class AttachIT {

    /** What the tool printed, its exit code and its own pid. */
    private record Run(int exit, String out, String err, long pid) {
    }

    private static Run tool(String... args) throws IOException, InterruptedException {
        return toolWithInput(null, args);
    }

    /** Runs the tool with {@code input} on its standard input (closed at once when null). */
    private static Run toolWithInput(String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", ChildJvm.AGENT_JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> text(p.getErrorStream()));
        String out = text(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err.join(), p.pid());
    }

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private static String text(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
            Run list = tool("list");
            assertThat(list.out()).contains(pid + "\t" + HostApp.class.getName() + "\tMemory Manager running at");
            assertThat(list.out()).as("list leaves its own JVM out").doesNotContainPattern("(?m)^" + list.pid() + "\t");

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
    void hashPasswordMakesALineTheAgentAccepts(@TempDir Path dir) throws Exception {
        Run piped = toolWithInput("hunter2\n", "hash-password", "ops");
        assertThat(piped.exit()).as(piped.err()).isZero();
        assertThat(piped.err()).as("no prompt for a pipe").isEmpty();
        String line = piped.out().trim();
        assertThat(line).matches("ops:pbkdf2-sha256:\\d+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+").doesNotContain("hunter2");
        Path users = Files.writeString(dir.resolve("users"), line + "\n");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
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
    void hashPasswordAppendsToAFileItCreatesOwnerOnlyAndOnlyWithAPassword(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users");
        Run nothing = toolWithInput(null, "hash-password", "ops", users.toString());
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err()).contains("no password given: nothing written to " + users);
        assertThat(users).as("no file without a password").doesNotExist();

        Run ops = toolWithInput("hunter2\n", "hash-password", "ops", users.toString());
        assertThat(ops.exit()).as(ops.err()).isZero();
        assertThat(ops.out()).isEmpty();
        assertThat(Files.getPosixFilePermissions(users)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Files.writeString(users, "# the on-call users", StandardOpenOption.APPEND);   // a last line without its newline
        Run dev = toolWithInput("s3cret\n", "hash-password", "dev", users.toString());
        assertThat(dev.exit()).as(dev.err()).isZero();
        List<String> lines = Files.readAllLines(users);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("ops:pbkdf2-sha256:");
        assertThat(lines.get(1)).isEqualTo("# the on-call users");
        assertThat(lines.get(2)).startsWith("dev:pbkdf2-sha256:");

        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));
        Run readable = toolWithInput("x\n", "hash-password", "eve", users.toString());
        assertThat(readable.exit()).isEqualTo(1);
        assertThat(readable.err()).contains(users + " must be readable by its owner only (chmod 600)");
        assertThat(Files.readAllLines(users)).isEqualTo(lines);
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));

        try (ChildJvm child = ChildJvm.start(List.of(ChildJvm.agent("port=0,authFile=" + users)), ChildJvm.HOST_CLASSES,
                "serve")) {
            Http asDev = new Http(child.awaitStderr("Memory Manager: Jolokia at (http://\\S+)"), "dev", "s3cret");
            assertThat(asDev.get("read/io.memorymanager:type=Health/Status").status()).isEqualTo(200);
        }
    }

    @Test
    void hashPasswordWithoutAPasswordOrWithABadUserPrintsNothing() throws Exception {
        Run eof = toolWithInput(null, "hash-password", "ops");
        assertThat(eof.exit()).isEqualTo(2);
        assertThat(eof.out()).isEmpty();
        assertThat(eof.err()).contains("no password given: nothing printed");
        Run empty = toolWithInput("\n", "hash-password", "ops");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.out()).isEmpty();
        Run badUser = toolWithInput("hunter2\n", "hash-password", "a:b");
        assertThat(badUser.exit()).isEqualTo(2);
        assertThat(badUser.out()).isEmpty();
        assertThat(badUser.err()).contains("user must be non-empty and without ':', was 'a:b'");
    }

    /**
     * {@code hash-password ops > line} on a terminal (a pseudo-terminal from {@code script}): the JDK gives no
     * console when standard output is redirected, and the password must still be asked for, and not shown.
     */
    @Test
    void hashPasswordPromptsOnTheTerminalWithoutEchoWhenItsOutputIsRedirected(@TempDir Path dir) throws Exception {
        Path line = dir.resolve("line");
        String command = "'" + JAVA + "' -jar '" + ChildJvm.AGENT_JAR.toAbsolutePath() + "' hash-password ops > '"
                + line + "'; rc=$?; stty -a; exit $rc";
        Process script = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
        try {
            StringBuffer terminal = new StringBuffer();
            Thread pump = new Thread(() -> {
                try (var in = new java.io.InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8)) {
                    for (int c = in.read(); c >= 0; c = in.read()) {
                        terminal.append((char) c);
                    }
                } catch (IOException e) {
                    terminal.append("<<").append(e).append(">>");
                }
            }, "terminal-pump");
            pump.setDaemon(true);
            pump.start();
            // Typed only once asked: a terminal echoes what arrives while echo is still on.
            await().atMost(Duration.ofSeconds(30)).until(() -> terminal.toString().contains("password for ops: "));
            script.getOutputStream().write("hunter2\n".getBytes(StandardCharsets.UTF_8));
            script.getOutputStream().flush();
            assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
            pump.join(10_000);
            assertThat(script.exitValue()).as(terminal.toString()).isZero();
            assertThat(terminal.toString()).as("what the terminal showed").doesNotContain("hunter2");
            assertThat(Files.readString(line)).matches("ops:pbkdf2-sha256:\\d+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+\n");
            assertThat(terminal.toString()).as("echo is back on afterwards (stty -a)")
                    .containsPattern("(?<![-\\w])echo(?![\\w])").doesNotContainPattern("(?<![\\w])-echo(?![\\w])");
        } finally {
            script.destroyForcibly();
        }
    }

    @Test
    void aStartRightAfterAFailedOneReportsItsOwnOutcome() throws Exception {
        try (ChildJvm child = ChildJvm.start(List.of(), ChildJvm.HOST_CLASSES, "serve")) {
            String pid = Long.toString(child.pid());
            for (int i = 0; i < 2; i++) {
                Run bad = tool("start", pid, "prot=0");
                assertThat(bad.exit()).as(bad.err()).isEqualTo(1);
                assertThat(bad.err()).contains("pid " + pid + ": Memory Manager failed: unknown option 'prot'");
                Run good = tool("start", pid, "port=0");
                assertThat(good.exit()).as(good.err()).isZero();
                assertThat(good.out()).containsPattern("pid " + pid + ": Memory Manager running at http://\\S+");
                Run stopped = tool("stop", pid);
                assertThat(stopped.exit()).as(stopped.err()).isZero();
                assertThat(stopped.out()).contains("pid " + pid + ": Memory Manager stopped");
            }
        }
    }

    @Test
    void aPartThatDidNotStartFailsStartAndStatusWithItsReason(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ChildJvm child = ChildJvm.start(List.of(), ChildJvm.HOST_CLASSES, "serve")) {
            String pid = Long.toString(child.pid());
            int port = taken.getLocalPort();
            Run busy = tool("start", pid, "port=" + port);
            assertThat(busy.exit()).as(busy.out()).isEqualTo(1);
            assertThat(busy.err()).contains("pid " + pid + ": Memory Manager failed: Jolokia HTTP not started: Jolokia "
                    + "cannot listen on 127.0.0.1:" + port + ": Address already in use; the MBeans stay registered until "
                    + "stop (a new start replaces them)");
            Run status = tool("status", pid);
            assertThat(status.exit()).isEqualTo(1);
            assertThat(status.out()).contains("pid " + pid + ": Memory Manager failed: Jolokia HTTP not started");

            Path users = Files.writeString(dir.resolve("users"), "ops:not-a-hash\n");
            Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
            Run badUsers = tool("start", pid, "port=0,authFile=" + users);
            assertThat(badUsers.exit()).as(badUsers.out()).isEqualTo(1);
            assertThat(badUsers.err()).contains("Memory Manager failed: Jolokia HTTP not started: authFile " + users
                    + " line 1 is not");
            assertThat(tool("status", pid).exit()).isEqualTo(1);
            Path readable = Files.writeString(dir.resolve("readable-users"), Agent.passwordLine("ops", "pw") + "\n");
            Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-r--r--"));
            Run notPrivate = tool("start", pid, "port=0,authFile=" + readable);
            assertThat(notPrivate.exit()).as("an authFile others can read: " + notPrivate.out()).isEqualTo(1);
            assertThat(notPrivate.err()).contains("Memory Manager failed:").contains("chmod 600");
            assertThat(tool("status", pid).exit()).isEqualTo(1);

            Run jmx = tool("start", pid, "port=0,jmxPort=" + port);
            assertThat(jmx.exit()).as(jmx.out()).isEqualTo(1);
            assertThat(jmx.err()).contains("Memory Manager failed: JMX connector not started: ")
                    .containsPattern("the MBeans stay registered, Jolokia at http://\\S+ until stop");
            assertThat(tool("status", pid).out()).contains("Memory Manager failed: JMX connector not started");

            Path open = Files.createDirectory(dir.resolve("open"));
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
            Run token = tool("start", pid, "outputDir=" + open);
            assertThat(token.exit()).as(token.out()).isEqualTo(1);
            assertThat(token.err()).contains("Memory Manager failed: access token not written, so neither Jolokia HTTP "
                    + "nor remote JMX started");

            Run fixed = tool("start", pid, "port=0");
            assertThat(fixed.exit()).as("a start replaces what a failed one left: " + fixed.err()).isZero();
            assertThat(tool("status", pid).exit()).isZero();
            assertThat(tool("stop", pid).exit()).isZero();
            assertThat(child.stderr()).as("no stack trace, nothing registered twice")
                    .noneMatch(l -> l.startsWith("\tat ") || l.contains("InstanceAlreadyExists"));
        }
    }

    @Test
    void startIntoAnApplicationThatEmbedsMemoryManagerIsRefusedAndRegistersNothing(@TempDir Path dir)
            throws Exception {
        try (Embedding app = Embedding.start(dir)) {
            String pid = Long.toString(app.pid());
            Run start = tool("start", pid, "port=0");
            assertThat(start.exit()).as(start.out()).isEqualTo(1);
            assertThat(start.err()).contains("pid " + pid + ": Memory Manager failed: Memory Manager is already "
                    + "installed in this JVM by the application (embedded: 7 of its MBeans are registered")
                    .contains("the agent started and registered nothing");
            assertThat(app.stderr()).as("nothing registered twice, no second endpoint").doesNotContain("Exception")
                    .doesNotContain("Jolokia at");
            assertThat(tool("stop", pid).exit()).isEqualTo(1);
        }
    }

    /** Needs {@code MemoryManager.install} to set the system property {@code io.memorymanager.installed}. */
    @Test
    void statusAndListTellAnApplicationThatEmbedsMemoryManager(@TempDir Path dir) throws Exception {
        try (Embedding app = Embedding.start(dir)) {
            String pid = Long.toString(app.pid());
            Run status = tool("status", pid);
            assertThat(status.exit()).isEqualTo(1);
            assertThat(status.out()).contains("pid " + pid + ": Memory Manager embedded in the application, not started "
                    + "by the agent");
            assertThat(tool("list").out()).contains(pid + "\t" + EmbeddedApp.class.getName()
                    + "\tMemory Manager embedded in the application, not started by the agent");
        }
    }

    /** {@link EmbeddedApp} in a child JVM, its output in files. Always destroyed on close. */
    private record Embedding(Process process, Path stderrFile) implements AutoCloseable {
        static Embedding start(Path dir) throws IOException {
            Path out = dir.resolve("app.out");
            Path err = dir.resolve("app.err");
            // The test's own class path: the mbeans module and its dependencies, as an application has them.
            Process p = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"),
                    EmbeddedApp.class.getName()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(out).contains(EmbeddedApp.READY));
            return new Embedding(p, err);
        }

        long pid() {
            return process.pid();
        }

        String stderr() throws IOException {
            return Files.readString(stderrFile);
        }

        @Override
        public void close() {
            process.destroyForcibly();
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
