package io.memorymanager.samples.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sample in a child JVM (this test's class path), with JVM options such as -javaagent; output to a file. */
final class ChildSample implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("Tomcat started on port[s]?(?: \\(s\\))?:? (\\d+)");

    final Process process;
    final Path output;
    final int port;

    private ChildSample(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** A jar the build put in place, or a failure that says how to get it. */
    static Path required(String property) {
        Path jar = Path.of(System.getProperty(property, "(" + property + " not set)"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests from the reactor (mvn verify), which "
                    + "builds the agent and copies the OpenTelemetry agent first");
        }
        return jar;
    }

    static ChildSample start(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        Path output = Files.createTempFile("boot-sample", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MemoryDemoApplication.class.getName());
        command.add("--server.port=0");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                Matcher m = PORT.matcher(Files.readString(output, StandardCharsets.ISO_8859_1));
                if (m.find()) {
                    return new ChildSample(p, output, Integer.parseInt(m.group(1)));
                }
                if (!p.isAlive()) {
                    throw new IllegalStateException("the sample exited with " + p.exitValue() + ":\n"
                            + Files.readString(output, StandardCharsets.ISO_8859_1));
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("the sample did not start in 90 s:\n"
                    + Files.readString(output, StandardCharsets.ISO_8859_1));
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    String log() throws IOException {
        return Files.readString(output, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(output);
    }
}
