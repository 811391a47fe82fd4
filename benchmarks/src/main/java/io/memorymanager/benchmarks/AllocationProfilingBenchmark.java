package io.memorymanager.benchmarks;

import io.memorymanager.profile.Profiler;
import io.memorymanager.profile.ProfilerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordingStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of allocation profiling: an allocation-heavy workload (maps of boxed values and strings, lists
 * growing) with the profiler's JFR allocation sampling off and on, A/B in one run (a fork each).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar AllocationProfilingBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx1g"})
public class AllocationProfilingBenchmark {

    /** off; on (the profiler); jfr (the same JFR stream with a handler that does nothing: JFR's own share). */
    @Param({"off", "on", "jfr"})
    public String profiling;

    private Profiler profiler;
    private RecordingStream bare;
    private Path dir;

    @Setup(Level.Trial)
    public void start() throws IOException {
        if (profiling.equals("on")) {
            dir = Files.createTempDirectory("mm-bench");
            profiler = new Profiler(ProfilerSettings.defaults().withOutputDirectory(dir.resolve("out")));
            profiler.startAllocationProfiling();
        } else if (profiling.equals("jfr")) {
            bare = new RecordingStream();
            bare.enable("jdk.ObjectAllocationSample").withStackTrace().with("throttle", "150/s");
            bare.onEvent("jdk.ObjectAllocationSample", e -> { });
            bare.startAsync();
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (profiler != null) {
            if (profiler.getTopAllocationSites().isEmpty()) {
                throw new IllegalStateException("profiling was on but saw no allocation");
            }
            profiler.close();
        }
        if (bare != null) {
            bare.close();
        }
    }

    /** Builds a small index of orders: boxed keys, strings, lists; about 20 KB allocated per call. */
    @Benchmark
    public int allocateHeavily() {
        Map<Integer, List<String>> index = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            List<String> lines = index.computeIfAbsent(i % 50, k -> new ArrayList<>());
            lines.add("order-" + i);
        }
        return index.size();
    }
}
