package io.memorymanager.bridge.it;

import java.io.IOException;
import java.util.Set;

/**
 * The application the integration tests attach the agent to, in a child JVM. Modes: {@code run} returns from main
 * at once; {@code serve} returns when its standard input closes; {@code clash} first uses the application's own
 * SLF4J and Jolokia classes and prints where they came from. The leak scenarios serve like {@code serve} while a
 * daemon thread runs: {@code leak-map} keeps 100 {@link com.acme.shop.CustomerSession}s a second (about 6.6 MB a
 * minute; {@code -DsessionsPerSecond} changes that) in a static map, {@code leak-threads} starts a thread named
 * {@code leaky-worker-<n>} twice a second that never ends, and {@code cache-churn} replaces entries of a bounded
 * 20,000-entry LRU cache (about 22 MB) 20,000 times a second: churn, not a leak. All three also make about
 * 10 MB/s of short-lived garbage, as a service does.
 *
 * <p>The leak quality suite's applications ({@link LeakQuality}) run as modes too, each a {@code com.acme} service
 * that never returns: leaks {@code static-map}, {@code listeners}, {@code threadlocal}, {@code executor-per-request},
 * {@code classloader}, {@code direct-buffers}; healthy services {@code lru-warmup}, {@code ttl-cache},
 * {@code soft-cache}, {@code batch}, {@code bursts}, {@code reference-data}, {@code thread-pool-growth},
 * {@code steady-80}, {@code console-open}. When their standard input closes they exit the JVM, since some leave
 * non-daemon threads behind (that is their leak).
 */
public final class HostApp {

    /** The scenarios of {@code LeakScenariosIT}, whose threads are all daemons: they return from main. */
    private static final Set<String> LEGACY_SCENARIOS = Set.of("leak-map", "leak-threads", "cache-churn");

    private HostApp() {
    }

    public static void main(String[] args) throws IOException, ClassNotFoundException {
        System.out.println("host main start");
        String mode = args.length == 0 ? "run" : args[0];
        if (mode.equals("clash")) {
            Clash.useOwnLibraries();
        }
        Runnable scenario = switch (mode) {
            case "leak-map" -> Scenarios::leakMap;
            case "leak-threads" -> Scenarios::leakThreads;
            case "cache-churn" -> Scenarios::cacheChurn;
            case "static-map" -> com.acme.shop.ShopService::run;
            case "listeners" -> com.acme.pricing.PriceAlertService::run;
            case "threadlocal" -> com.acme.tx.TransactionService::run;
            case "executor-per-request" -> com.acme.reports.ReportService::run;
            case "classloader" -> com.acme.plugins.PluginHost::run;
            case "direct-buffers" -> com.acme.net.MessageRelay::run;
            case "direct-sites" -> () -> {
                Thread checksums = new Thread(com.acme.net.Checksums::run, "checksums");
                checksums.setDaemon(true);
                checksums.start();
                com.acme.net.MessageRelay.run();
            };
            case "lru-warmup" -> com.acme.catalog.CatalogService::run;
            case "ttl-cache" -> com.acme.auth.AuthService::run;
            case "soft-cache" -> com.acme.media.ThumbnailService::run;
            case "batch" -> com.acme.billing.InvoiceBatch::run;
            case "bursts" -> com.acme.ingest.UploadIngestor::run;
            case "reference-data" -> com.acme.geo.GeoService::run;
            case "thread-pool-growth" -> com.acme.gateway.ApiGateway::run;
            case "steady-80" -> com.acme.search.IndexService::run;
            case "console-open" -> com.acme.shop.StorefrontService::run;
            default -> null;
        };
        boolean application = scenario != null && !LEGACY_SCENARIOS.contains(mode);
        if (scenario != null) {
            Thread t = new Thread(scenario, "scenario-" + mode);
            t.setDaemon(true);
            t.start();
        }
        if (!mode.equals("run")) {
            while (System.in.read() >= 0) {
                // wait for the test to close our standard input
            }
        }
        System.out.println("host main done");
        if (application) {
            System.exit(0);
        }
    }

    /** Kept apart so that the other modes never load SLF4J, which is not on their class path. */
    private static final class Clash {
        static void useOwnLibraries() throws ClassNotFoundException {
            org.slf4j.LoggerFactory.getLogger(HostApp.class).info("the application's own logging");
            System.out.println("app slf4j " + location(org.slf4j.LoggerFactory.class));
            System.out.println("app jolokia " + location(Class.forName("org.jolokia.jvmagent.JvmAgent")));
        }

        private static String location(Class<?> c) {
            return c.getProtectionDomain().getCodeSource().getLocation().toString();
        }
    }

    /** The scenarios' workloads, each paced to a number of steps a second, with garbage in between. */
    private static final class Scenarios {
        static final java.util.Map<Long, com.acme.shop.CustomerSession> SESSIONS = new java.util.HashMap<>();
        static volatile Object sink;

        static void leakMap() {
            paced(Integer.getInteger("sessionsPerSecond", 100),
                    step -> SESSIONS.put(step, new com.acme.shop.CustomerSession(step)));
        }

        static void leakThreads() {
            paced(2, step -> {
                Thread t = new Thread(() -> java.util.concurrent.locks.LockSupport.park(), "leaky-worker-" + step);
                t.setDaemon(true);
                t.start();
            });
        }

        static void cacheChurn() {
            java.util.Map<Long, byte[]> cache = new java.util.LinkedHashMap<>(32_768, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Long, byte[]> eldest) {
                    return size() > 20_000;
                }
            };
            java.util.Random random = new java.util.Random(1);
            paced(20_000, step -> cache.put((long) random.nextInt(100_000), new byte[1024]));
        }

        /** Runs {@code step} {@code perSecond} times a second (in batches every 10 ms), making garbage between. */
        private static void paced(int perSecond, java.util.function.LongConsumer step) {
            long start = System.nanoTime();
            long done = 0;
            while (true) {
                long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
                for (; done < due; done++) {
                    step.accept(done);
                }
                for (int i = 0; i < 100; i++) {
                    sink = new byte[1024];     // ~10 MB/s of short-lived garbage: young collections every second or so
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
