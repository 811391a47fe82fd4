package io.memorymanager.bridge;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jolokia.core.api.LogHandler;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;
import org.jolokia.server.core.config.SystemPropertyMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the platform MBeanServer as Jolokia JSON over HTTP, with safe defaults: loopback only, a bounded
 * multi-threaded worker pool (Jolokia's default single thread lets one idle connection block everybody), no
 * jsr160 proxy (the module is not even on the class path), no discovery, no server detectors, no stack traces in
 * errors, and the fail-closed {@link PolicyGuard}. {@code jolokia.*} system properties and {@code JOLOKIA_*}
 * environment variables of the host are ignored, so the host cannot loosen these by accident.
 *
 * <pre>{@code
 * try (MemoryManager mm = MemoryManager.install();
 *      JolokiaBridge http = JolokiaBridge.start(BridgeOptions.defaults().withPort(0))) {
 *     System.out.println(http.url());
 * }
 * }</pre>
 */
public final class JolokiaBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaBridge.class);
    static final String NODELAY = "sun.net.httpserver.nodelay";
    static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";

    private final JolokiaServer server;
    private final HttpServer http;
    private final ExecutorService workers;
    private final String url;

    private JolokiaBridge(JolokiaServer server, HttpServer http, ExecutorService workers, String url) {
        this.server = server;
        this.http = http;
        this.workers = workers;
        this.url = url;
    }

    /**
     * Starts Jolokia.
     *
     * @throws UncheckedIOException when the port cannot be bound (say, it is taken)
     */
    public static JolokiaBridge start(BridgeOptions options) {
        enableNoDelay();
        ExecutorService workers = workers(options.threads());
        HttpServer http;
        PasswordAuthenticator authenticator = options.authFile() == null ? null
                : new PasswordAuthenticator(PasswordFile.load(options.authFile()), System::currentTimeMillis);
        try {
            InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
            if (options.keystore() != null) {
                HttpsServer https = HttpsServer.create(address, 50);
                https.setHttpsConfigurator(new HttpsConfigurator(Tls.context(options.keystore(),
                        options.keystorePasswordFile())));
                http = https;
            } else {
                http = HttpServer.create(address, 50);
            }
        } catch (IOException e) {
            workers.shutdownNow();
            throw new UncheckedIOException("Jolokia cannot listen on " + options.host() + ":" + options.port()
                    + ": " + e.getMessage(), e);
        }
        http.setExecutor(workers);
        String scheme = options.keystore() != null ? "https" : "http";
        List<Filter> filters = new ArrayList<>();
        if (authenticator != null) {
            filters.add(new AuthenticationFilter(authenticator));
        }
        Set<String> origins = new HashSet<>(origins(scheme, options.host(), http.getAddress().getPort()));
        origins.addAll(options.allowedOrigins());
        filters.add(new RequestGuard(origins, System::currentTimeMillis));
        filters.add(new ErrorScrubber());
        HttpServer filtering = new FilteringHttpServer(http, filters);
        JolokiaServer server;
        try {
            server = onDaemonThread(() -> {
                JolokiaServerConfig config =
                        new JolokiaServerConfig(jolokiaConfig(options), SystemPropertyMode.NEVER);
                JolokiaServer s = new JolokiaServer(filtering, config, new Slf4jLogHandler());
                s.start(false);
                http.start();
                return s;
            });
        } catch (RuntimeException | Error e) {
            http.stop(0);
            workers.shutdownNow();
            throw e;
        }
        InetSocketAddress address = http.getAddress();
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        if (!address.getAddress().isLoopbackAddress()) {
            LOG.warn("Jolokia listens on {}:{} for the network, with authentication{}", host, address.getPort(),
                    options.keystore() == null ? " but without TLS: passwords cross the network in the clear" : " and TLS");
        }
        return new JolokiaBridge(server, http, workers,
                scheme + "://" + host + ":" + address.getPort() + "/jolokia/");
    }

    /** The browser origins allowed: this endpoint's own, by every name a loopback browser may use for it. */
    static Set<String> origins(String scheme, String boundHost, int port) {
        Set<String> origins = new HashSet<>();
        for (String host : List.of(boundHost, "127.0.0.1", "localhost", "[::1]")) {
            String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
            origins.add(scheme + "://" + h.toLowerCase(Locale.ROOT) + ":" + port);
        }
        return origins;
    }

    /**
     * Without TCP_NODELAY the JDK HTTP server's small writes (headers, then body) meet the client's delayed ACK
     * and every response on a kept-alive connection waits about 40 ms. The server reads this property once, when
     * the first HTTP server of the JVM starts; a value the user set is left alone.
     */
    static void enableNoDelay() {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        // A client that sends its request slowly (slowloris) holds a worker: the server drops it after this many
        // seconds instead of never. Like nodelay, read once by the JDK and JVM-wide; a value the user set stays.
        if (System.getProperty(MAX_REQUEST_SECONDS) == null) {
            System.setProperty(MAX_REQUEST_SECONDS, "10");
        }
    }

    // A bounded pool: Jolokia's default single thread lets one slow client block everybody.
    private static ExecutorService workers(int threads) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "memory-manager-jolokia-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code start} on a fresh daemon thread and waits for it. The JDK's HTTP server threads inherit the
     * daemon status of the thread that starts them: started from an application's main thread they would keep
     * the JVM alive after main returns.
     */
    private static <T> T onDaemonThread(Supplier<T> start) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                result.set(start.get());
            } catch (RuntimeException | Error e) {
                failure.set(e);
            }
        }, "memory-manager-jolokia-start");
        starter.setDaemon(true);
        starter.setContextClassLoader(JolokiaBridge.class.getClassLoader());
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Jolokia", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        } else if (t instanceof Error err) {
            throw err;
        }
        return result.get();
    }

    static Map<String, String> jolokiaConfig(BridgeOptions options) {
        Map<String, String> c = new HashMap<>();
        c.put("host", options.host());
        c.put("port", Integer.toString(options.port()));
        c.put("agentContext", "/jolokia");
        c.put("discoveryEnabled", "false");
        c.put("disableDetectors", "true");
        c.put("includeStackTrace", "false");
        c.put("serializeException", "false");
        c.put("allowErrorDetails", "false");
        c.put("debug", "false");
        c.put("restrictorClass", PolicyGuard.class.getName());
        c.put("policyLocation", options.policyFile() == null
                ? PolicyGuard.SHIPPED_POLICY
                : options.policyFile().toAbsolutePath().toString());
        c.put("agentDescription", "Memory Manager");
        // Bounds on what one answer may serialise: a read of everything must not exhaust the host's heap.
        c.put("maxDepth", "15");
        c.put("maxCollectionSize", "1000");
        c.put("maxObjects", "100000");
        return c;
    }

    /** Where Jolokia answers, e.g. {@code http://127.0.0.1:8778/jolokia/}. */
    public String url() {
        return url;
    }

    /** The port Jolokia listens on (the chosen one when started with port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** Stops serving HTTP and frees the port. */
    @Override
    public void close() {
        server.stop();
        http.stop(0);
        workers.shutdownNow();
    }

    /** Sends Jolokia's log to SLF4J. */
    private static final class Slf4jLogHandler implements LogHandler {
        @Override
        public void debug(String message) {
            LOG.debug(message);
        }

        @Override
        public void info(String message) {
            LOG.debug(message);
        }

        @Override
        public void error(String message, Throwable t) {
            LOG.warn(message, t);
        }

        @Override
        public boolean isDebug() {
            return LOG.isDebugEnabled();
        }
    }
}
