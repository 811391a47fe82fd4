package io.memorymanager.samples;

import io.memorymanager.MemoryManager;
import io.memorymanager.MemoryManagerConfig;
import io.memorymanager.breaker.CircuitBreaker;
import io.memorymanager.bridge.BridgeOptions;
import io.memorymanager.bridge.JolokiaBridge;
import io.memorymanager.cache.SoftCache;
import io.memorymanager.internal.DescribedMBean;
import io.memorymanager.internal.ObjectNames;
import io.memorymanager.monitor.PressureLevel;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.IntSupplier;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The README's demo: installs Memory Manager in this JVM, serves it over Jolokia on loopback, runs a visibly
 * changing workload and prints where to look.
 *
 * <p>It also serves a Hawtio console (see {@link HawtioConsole}) when {@code hawtio-default.war} is next to the
 * jar (the build puts it there), on port 8080 or, when that is taken, any free one.
 *
 * <pre>java -jar samples/target/memory-manager-demo.jar [--port 8778] [--hawtio-port 8080 | --no-hawtio] [--seconds N]</pre>
 */
public final class Demo {

    static final ObjectName WORKLOAD = ObjectNames.of("Demo", "workload");

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        int port = BridgeOptions.DEFAULT_PORT;
        int hawtioPort = 8080;
        boolean hawtio = true;
        long seconds = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--hawtio-port" -> hawtioPort = Integer.parseInt(args[++i]);
                case "--no-hawtio" -> hawtio = false;
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: java -jar memory-manager-demo.jar [--port N] [--hawtio-port N | "
                            + "--no-hawtio] [--seconds N]");
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
        AtomicInteger jolokiaPort = new AtomicInteger();
        AtomicReference<String> token = new AtomicReference<>();
        HawtioConsole console = hawtio ? startHawtio(hawtioPort, jolokiaPort::get, token::get) : null;
        try (memoryManager; pools; JolokiaBridge http = startJolokia(port,
                memoryManager.profiler().openOutputDirectory())) {
            jolokiaPort.set(http.port());
            token.set(http.token().value());
            ManagementFactory.getPlatformMBeanServer()
                    .registerMBean(DescribedMBean.of(workload, WorkloadMXBean.class), WORKLOAD);
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
            unregister();
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

    /** The console, or null when the war is not next to the jar or no port can be had. */
    private static HawtioConsole startHawtio(int port, IntSupplier jolokiaPort, Supplier<String> token) {
        Path war = hawtioWar();
        if (war == null) {
            System.err.println("No hawtio-default.war next to the demo jar: running without the Hawtio console.");
            return null;
        }
        try {
            return HawtioConsole.start(war, port, jolokiaPort, token);
        } catch (IllegalStateException e) {
            System.err.println("Port " + port + " is taken for Hawtio; using a free port instead.");
            return HawtioConsole.start(war, 0, jolokiaPort, token);
        }
    }

    private static Path hawtioWar() {
        try {
            Path jar = Path.of(Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/memory-manager-demo.jar or target/classes: the war is in target/ either way
            Path war = jar.getParent().resolve("hawtio-default.war");
            return Files.isRegularFile(war) ? war : null;
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(WORKLOAD);
        } catch (JMException e) {
            // already gone
        }
    }

    private static void printWhereToLook(String url, Path tokenFile, HawtioConsole console) {
        long pid = ProcessHandle.current().pid();
        System.out.println();
        System.out.println("Memory Manager demo is running (pid " + pid + "). Where to look:");
        if (console != null) {
            System.out.println("  Hawtio    " + console.url() + "   (open in a browser: the io.memorymanager tree)");
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
