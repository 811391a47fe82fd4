package io.memorymanager.benchmarks;

import io.memorymanager.MemoryManager;
import io.memorymanager.bridge.BridgeOptions;
import io.memorymanager.bridge.JolokiaBridge;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one Jolokia {@code read} of a whole MBean, ours against the JDK's, through the same HTTP client
 * and the same endpoint in the same run.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar JolokiaReadBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JolokiaReadBenchmark {

    private MemoryManager memoryManager;
    private JolokiaBridge bridge;
    private HttpClient client;
    private HttpRequest jvmMemory;
    private HttpRequest platformMemory;
    private HttpRequest jvmMemoryHeapUsed;
    private HttpRequest platformHeapUsage;

    @Setup(Level.Trial)
    public void start() {
        memoryManager = MemoryManager.install();
        bridge = JolokiaBridge.start(BridgeOptions.defaults().withPort(0), memoryManager.profiler().openOutputDirectory());
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        jvmMemory = get("read/io.memorymanager:type=JvmMemory");
        platformMemory = get("read/java.lang:type=Memory");
        jvmMemoryHeapUsed = get("read/io.memorymanager:type=JvmMemory/HeapUsedBytes");
        platformHeapUsage = get("read/java.lang:type=Memory/HeapMemoryUsage");
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(bridge.url() + path)).GET().build();
    }

    @TearDown(Level.Trial)
    public void stop() {
        bridge.close();
        memoryManager.close();
    }

    private String send(HttpRequest request) throws IOException, InterruptedException {
        String body = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        if (!body.contains("\"status\":200")) {
            throw new IllegalStateException(body);
        }
        return body;
    }

    /** Every attribute of {@code io.memorymanager:type=JvmMemory}, pools and collectors included. */
    @Benchmark
    public String readJvmMemory() throws IOException, InterruptedException {
        return send(jvmMemory);
    }

    /** Every attribute of {@code java.lang:type=Memory}. */
    @Benchmark
    public String readPlatformMemory() throws IOException, InterruptedException {
        return send(platformMemory);
    }

    @Benchmark
    public String readJvmMemoryHeapUsedBytes() throws IOException, InterruptedException {
        return send(jvmMemoryHeapUsed);
    }

    @Benchmark
    public String readPlatformMemoryHeapMemoryUsage() throws IOException, InterruptedException {
        return send(platformHeapUsage);
    }
}
