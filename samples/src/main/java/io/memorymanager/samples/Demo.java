package io.memorymanager.samples;

import io.memorymanager.MemoryManager;
import io.memorymanager.MemoryManagerConfig;
import io.memorymanager.breaker.CircuitBreaker;
import io.memorymanager.cache.SoftCache;
import io.memorymanager.monitor.PressureLevel;
import io.memorymanager.bridge.BridgeOptions;
import io.memorymanager.bridge.JolokiaBridge;
import io.memorymanager.internal.DescribedMBean;
import io.memorymanager.internal.ObjectNames;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The README's demo: installs Memory Manager in this JVM, serves it over Jolokia on loopback, runs a visibly
 * changing workload and prints where to look.
 *
 * <pre>java -jar samples/target/memory-manager-demo.jar [--port 8778] [--seconds N]</pre>
 */
public final class Demo {

    static final ObjectName WORKLOAD = ObjectNames.of("Demo", "workload");

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        int port = BridgeOptions.DEFAULT_PORT;
        long seconds = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: java -jar memory-manager-demo.jar [--port N] [--seconds N]");
                    System.exit(2);
                }
            }
        }
        // A short leak window so that the demo's leak switch shows a verdict within minutes.
        MemoryManager memoryManager = MemoryManager.install(MemoryManagerConfig.defaults()
                .withLeakDetection(Duration.ofMinutes(5), Duration.ofSeconds(5)));
        SoftCache<Integer, byte[]> renders = new SoftCache<>(b -> b.length);
        memoryManager.caches().register("demo-renders", renders);
        CircuitBreaker breaker = memoryManager.circuitBreaker("demo-leak", 85);
        memoryManager.onPressure(PressureLevel.HIGH, "trim demo-renders by half", () -> renders.trim(0.5));
        memoryManager.onPressure(PressureLevel.CRITICAL, "clear all caches", memoryManager.caches()::clearAll);
        Workload workload = new Workload(renders, breaker);
        PoolWorkload pools = new PoolWorkload().start();
        try (memoryManager; pools; JolokiaBridge http = startJolokia(port)) {
            ManagementFactory.getPlatformMBeanServer()
                    .registerMBean(DescribedMBean.of(workload, WorkloadMXBean.class), WORKLOAD);
            Thread worker = new Thread(workload, "demo-workload");
            worker.setDaemon(true);
            worker.start();
            printWhereToLook(http.url());
            if (seconds > 0) {
                Thread.sleep(Duration.ofSeconds(seconds).toMillis());
            } else {
                Thread.currentThread().join();
            }
            workload.stop();
            unregister();
        }
    }

    private static JolokiaBridge startJolokia(int port) {
        try {
            return JolokiaBridge.start(BridgeOptions.defaults().withPort(port));
        } catch (UncheckedIOException e) {
            System.err.println("Port " + port + " is taken; using a free port instead.");
            return JolokiaBridge.start(BridgeOptions.defaults().withPort(0));
        }
    }

    private static void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(WORKLOAD);
        } catch (JMException e) {
            // already gone
        }
    }

    private static void printWhereToLook(String url) {
        long pid = ProcessHandle.current().pid();
        System.out.println();
        System.out.println("Memory Manager demo is running (pid " + pid + "). Where to look:");
        System.out.println("  Jolokia   " + url);
        System.out.println("  Read      curl -s " + url + "read/io.memorymanager:type=JvmMemory");
        System.out.println("  Search    curl -s " + url + "search/io.memorymanager:*");
        System.out.println("  Exec      curl -s -d '{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=Monitor\","
                + "\"operation\":\"sampleNow\"}' " + url + "   (exec and write need POST)");
        System.out.println("  Leak on   curl -s -d '{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=Demo,name=workload\","
                + "\"operation\":\"startLeak\"}' " + url);
        System.out.println("  Pools     curl -s " + url + "read/io.memorymanager:type=ObjectPool,name=*");
        System.out.println("  Verdict   curl -s " + url + "read/io.memorymanager:type=LeakDetector");
        System.out.println("  JConsole  jconsole " + pid + "   (local attach; tree io.memorymanager)");
        System.out.println("Stop with Ctrl+C.");
        System.out.flush();
    }
}
