package io.memorymanager.bridge.it;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A child JVM running {@link HostApp}, its output collected line by line. Always destroyed on close. */
final class ChildJvm implements AutoCloseable {

    static final Path AGENT_JAR = Path.of(System.getProperty("agent.jar", "target/memory-manager-agent.jar"));
    static final String HOST_CLASSES = System.getProperty("host.classes", "target/test-classes");

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        pump(process.getInputStream(), stdout, "child-stdout");
        pump(process.getErrorStream(), stderr, "child-stderr");
    }

    /** Starts {@code java <jvmArgs> -cp <classpath> HostApp <mode>}. */
    static ChildJvm start(List<String> jvmArgs, String classpath, String mode) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add(HostApp.class.getName());
        command.add(mode);
        return new ChildJvm(new ProcessBuilder(command).start());
    }

    /** The {@code -javaagent} argument for the built agent jar with {@code options}. */
    static String agent(String options) {
        return "-javaagent:" + AGENT_JAR.toAbsolutePath() + (options.isEmpty() ? "" : "=" + options);
    }

    private static void pump(InputStream in, List<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<<" + e + ">>");
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /**
     * A Jolokia client for this child's agent that acts with the agent's access token, read from the owner-only
     * file whose path the agent prints.
     */
    io.memorymanager.bridge.Http acting(String urlRegex) throws IOException {
        String url = awaitStderr(urlRegex);
        Path token = Path.of(awaitStderr("access token in (\\S+)"));
        return new io.memorymanager.bridge.Http(url, io.memorymanager.bridge.AccessToken.USER,
                io.memorymanager.bridge.AccessToken.read(token));
    }

    long pid() {
        return process.pid();
    }

    List<String> stdout() {
        return stdout;
    }

    List<String> stderr() {
        return stderr;
    }

    /** Waits for a standard-error line matching {@code regex} and returns its first group (or the line). */
    String awaitStderr(String regex) {
        Pattern p = Pattern.compile(regex);
        await().atMost(Duration.ofSeconds(30)).until(() -> find(p).isPresent());
        Matcher m = find(p).orElseThrow();
        return m.groupCount() > 0 ? m.group(1) : m.group();
    }

    private Optional<Matcher> find(Pattern p) {
        return stderr.stream().map(p::matcher).filter(Matcher::find).findFirst();
    }

    /** Closes the child's standard input (HostApp {@code serve} then returns from main). */
    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** Waits for the child to exit by itself and returns its exit code; -1 if it did not within the time. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
