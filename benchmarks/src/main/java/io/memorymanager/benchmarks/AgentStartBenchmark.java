package io.memorymanager.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wall time of a whole JVM running {@link TrivialApp}, without and with the agent: the difference is what the
 * agent adds to an application's start. Needs the built agent jar ({@code -Dagent.jar=...}, default
 * {@code jolokia-bridge/target/memory-manager-agent.jar}).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar AgentStartBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 15)
@Fork(1)
public class AgentStartBenchmark {

    @Param({"none", "agent"})
    public String mode;

    private List<String> command;

    @Setup
    public void prepare() {
        Path agent = Path.of(System.getProperty("agent.jar", "jolokia-bridge/target/memory-manager-agent.jar"));
        if (!Files.isReadable(agent)) {
            throw new IllegalStateException("agent jar not found at " + agent.toAbsolutePath()
                    + "; build it (mvn package) or pass -Dagent.jar=");
        }
        command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (mode.equals("agent")) {
            command.add("-javaagent:" + agent.toAbsolutePath() + "=port=0");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path").split(File.pathSeparator)[0]);
        command.add(TrivialApp.class.getName());
    }

    @Benchmark
    public int runTrivialApp() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("exit code " + exit);
        }
        return exit;
    }
}
