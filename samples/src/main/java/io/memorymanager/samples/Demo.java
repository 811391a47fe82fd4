package io.memorymanager.samples;

import io.memorymanager.MemoryManager;
import io.memorymanager.MemoryManagerConfig;
import io.memorymanager.breaker.CircuitBreaker;
import io.memorymanager.bridge.BridgeOptions;
import io.memorymanager.bridge.JolokiaBridge;
import io.memorymanager.cache.SoftCache;
import io.memorymanager.console.EmbeddedConsole;
import io.memorymanager.monitor.PressureLevel;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.management.ObjectName;

/**
 * The README's demo: installs Memory Manager in this JVM, serves it over Jolokia on loopback, runs a visibly
 * changing workload and prints where to look.
 *
 * <p>It also serves the Memory Manager console ({@link EmbeddedConsole}: Hawtio 4.2 with the Memory page,
 * connected to the demo's Jolokia with its token) on 127.0.0.1:8080 or, when that is taken, any free port.
 *
 * <pre>java -jar samples/target/memory-manager-demo.jar [--port 8778] [--console-port 8080 | --no-console] [--seconds N]</pre>
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        int port = BridgeOptions.DEFAULT_PORT;
        int consolePort = 8080;
        boolean withConsole = true;
        long seconds = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--console-port" -> consolePort = Integer.parseInt(args[++i]);
                case "--no-console" -> withConsole = false;
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: java -jar memory-manager-demo.jar [--port N] [--console-port N | "
                            + "--no-console] [--seconds N]");
                    System.exit(2);
                }
            }
        }
        // The leak detector at its defaults, as users get it: the leak switch (about 16 MB/min) goes CRITICAL within
        // five minutes, and the healthy demo must never warn.
        MemoryManager memoryManager = MemoryManager.install(MemoryManagerConfig.defaults());
        SoftCache<Integer, byte[]> renders = new SoftCache<>(b -> b.length);
        memoryManager.caches().register("demo-renders", renders);
        CircuitBreaker breaker = memoryManager.circuitBreaker("demo-leak", 85);
        memoryManager.onPressure(PressureLevel.HIGH, "trim demo-renders by half", () -> renders.trim(0.5));
        memoryManager.onPressure(PressureLevel.CRITICAL, "clear all caches", memoryManager.caches()::clearAll);
        Workload workload = new Workload(renders, breaker);
        PoolWorkload pools = new PoolWorkload().start();
        EmbeddedConsole console = null;
        try (memoryManager; pools; JolokiaBridge http = startJolokia(port,
                memoryManager.profiler().openOutputDirectory())) {
            console = withConsole ? startConsole(consolePort, http) : null;
            ObjectName workloadName = memoryManager.registerMBean("Demo", "workload", workload, WorkloadMXBean.class);
            Thread worker = new Thread(workload, "demo-workload");
            worker.setDaemon(true);
            worker.start();
            printWhereToLook(http.url(), http.token().file(), console);
            if (seconds > 0) {
                Thread.sleep(Duration.ofSeconds(seconds).toMillis());
            } else {
                Thread.currentThread().join();
            }
            workload.stop();
            memoryManager.unregisterMBean(workloadName);
        } finally {
            if (console != null) {
                console.close();
            }
        }
    }

    private static JolokiaBridge startJolokia(int port, Path tokenDirectory) {
        // Hawtio's proxy passes the browser's Origin on: the console's pages come from a loopback origin, which an
        // endpoint on loopback allows without allowOrigin (DemoHawtioIT checks that a stock Hawtio gets through).
        BridgeOptions options = BridgeOptions.defaults();
        try {
            return JolokiaBridge.start(options.withPort(port), tokenDirectory);
        } catch (UncheckedIOException e) {
            System.err.println("Port " + port + " is taken; using a free port instead.");
            return JolokiaBridge.start(options.withPort(0), tokenDirectory);
        }
    }

    /**
     * The console on the demo's Jolokia, acting with its token (the demo's own user may run operations); on a free
     * port when {@code port} is taken; null, with the reason, when it cannot start at all.
     */
    private static EmbeddedConsole startConsole(int port, JolokiaBridge http) {
        String token = http.token().value();
        try {
            return EmbeddedConsole.start(port, http.url(), token);
        } catch (IllegalStateException e) {
            if (port == 0) {
                System.err.println("The console did not start (" + e.getMessage() + "): running without it.");
                return null;
            }
            System.err.println("Port " + port + " is taken for the console; using a free port instead.");
            return startConsole(0, http);
        }
    }


    private static void printWhereToLook(String url, Path tokenFile, EmbeddedConsole console) {
        long pid = ProcessHandle.current().pid();
        System.out.println();
        System.out.println("Memory Manager demo is running (pid " + pid + "). Where to look:");
        if (console != null) {
            System.out.println("  Console   " + console.url() + "   (open in a browser: the Memory page; Hawtio's "
                    + "JMX tree under JMX)");
        }
        System.out.println("  Jolokia   " + url);
        System.out.println("  Read      curl -s " + url + "read/io.memorymanager:type=JvmMemory");
        System.out.println("  Search    curl -s '" + url + "search/io.memorymanager:*'");
        System.out.println("  Token     " + tokenFile + "   (exec and write need it; readable by you only)");
        String auth = "-H \"Authorization: Bearer $(cat " + tokenFile + ")\" ";
        System.out.println("  Exec      curl -s " + auth + "-d '{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=Monitor\","
                + "\"operation\":\"sampleNow\"}' " + url + "   (exec and write need POST and the token)");
        System.out.println("  Leak on   curl -s " + auth + "-d '{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=Demo,name=workload\","
                + "\"operation\":\"startLeak\"}' " + url);
        System.out.println("  Pools     curl -s " + url + "read/io.memorymanager:type=ObjectPool,name=*");
        System.out.println("  Verdict   curl -s " + url + "read/io.memorymanager:type=LeakDetector");
        System.out.println("  JConsole  jconsole " + pid + "   (local attach; tree io.memorymanager)");
        System.out.println("Stop with Ctrl+C.");
        System.out.flush();
    }
}
