package io.memorymanager.bridge;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.jolokia.core.api.LogHandler;
import org.jolokia.server.core.config.StaticConfiguration;
import org.jolokia.server.core.service.JolokiaServiceManagerFactory;
import org.jolokia.server.core.service.api.JolokiaContext;
import org.jolokia.server.core.service.api.JolokiaServiceManager;
import org.jolokia.server.core.service.impl.ClasspathServiceCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the platform MBeanServer as Jolokia JSON over HTTP, safe by default: loopback only; Jetty's non-blocking
 * HTTP server (a slow or half-sent request holds no thread; at most {@link #MAX_CONNECTIONS} connections), a
 * bounded worker pool for Jolokia's work; every request judged on Jolokia's own parse of it
 * ({@link RequestJudge}); {@code exec} and {@code write} only with credentials (the {@link AccessToken} or the
 * {@code authFile}); one byte budget per answer; no jsr160 proxy (not even on the class path), no discovery, no
 * server detectors, no stack traces or class names in errors, and the fail-closed {@link PolicyGuard}.
 * {@code jolokia.*} system properties and {@code JOLOKIA_*} environment variables of the host are ignored.
 *
 * <pre>{@code
 * try (MemoryManager mm = MemoryManager.install();
 *      JolokiaBridge http = JolokiaBridge.start(BridgeOptions.defaults().withPort(0), mm.outputDirectory())) {
 *     System.out.println(http.url());
 * }
 * }</pre>
 */
public final class JolokiaBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaBridge.class);
    static final int MAX_CONNECTIONS = 1000;
    static final int MAX_DEPTH = 15;
    static final int MAX_COLLECTION_SIZE = 1000;
    static final int MAX_OBJECTS = 100_000;
    static final long IDLE_TIMEOUT_MILLIS = 30_000;

    private final Server server;
    private final JolokiaServiceManager jolokia;
    private final ThreadPoolExecutor workers;
    private final String url;
    private final AccessToken token;

    private JolokiaBridge(Server server, JolokiaServiceManager jolokia, ThreadPoolExecutor workers, String url,
            AccessToken token) {
        this.server = server;
        this.jolokia = jolokia;
        this.workers = workers;
        this.url = url;
        this.token = token;
    }

    /**
     * Starts Jolokia, writing a fresh {@link AccessToken} into {@code tokenDirectory} (the owner-only output
     * directory) for clients that act.
     *
     * @throws UncheckedIOException when the port cannot be bound (say, it is taken)
     */
    public static JolokiaBridge start(BridgeOptions options, Path tokenDirectory) {
        return start(options, AccessToken.create(tokenDirectory), new HeavyOperations(System::currentTimeMillis));
    }

    static JolokiaBridge start(BridgeOptions options, AccessToken token, HeavyOperations heavy) {
        Logins logins = options.authFile() == null ? null
                : new Logins(PasswordFile.load(options.authFile()), System::currentTimeMillis);
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("memory-manager-http");
        pool.setDaemon(true);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("memory-manager-http-scheduler", true);
        Server server = new Server(pool, scheduler, null);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024);
        ServerConnector connector;
        if (options.keystore() != null) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setSslContext(Tls.context(options.keystore(), options.keystorePasswordFile()));
            http.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        }
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        connector.setAcceptQueueSize(128);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));

        ThreadPoolExecutor workers = workers(options.threads());
        JolokiaServiceManager manager = null;
        try {
            StaticConfiguration config = new StaticConfiguration(jolokiaConfig(options));
            manager = JolokiaServiceManagerFactory.createJolokiaServiceManager(config, new Slf4jLogHandler(),
                    new PolicyGuard(options.policyFile() == null ? PolicyGuard.SHIPPED_POLICY
                            : options.policyFile().toAbsolutePath().toString()));
            manager.addServices(new ClasspathServiceCreator(JolokiaBridge.class.getClassLoader(), "services"));
            JolokiaContext context = manager.start();
            String hint = options.authFile() != null ? "a user of the authFile"
                    : "the access token in " + (token.file() == null ? "its file" : token.file())
                      + " (Authorization: Bearer <token>, or user '" + AccessToken.USER + "' with the token as password)";
            RequestJudge judge = new RequestJudge(ManagementFactory.getPlatformMBeanServer(), heavy, MAX_DEPTH,
                    MAX_COLLECTION_SIZE, MAX_OBJECTS, hint);
            GuardedJolokia guarded = new GuardedJolokia(context, judge, answerBudget(Runtime.getRuntime().maxMemory()));
            connector.open();   // binds now, so that the port is known for the origins
            int port = connector.getLocalPort();
            String scheme = options.keystore() != null ? "https" : "http";
            Set<String> origins = new HashSet<>(origins(scheme, options.host(), port));
            origins.addAll(options.allowedOrigins());
            JolokiaHandler handler = new JolokiaHandler(guarded, origins,
                    InetAddress.getByName(options.host()).isLoopbackAddress(),
                    new HostNames(options.host(), options.allowedHosts()), token, logins, workers, scheduler);
            ContextHandler jolokiaContext = new ContextHandler(handler, "/jolokia");
            jolokiaContext.setAllowNullPathInContext(true);
            server.setHandler(jolokiaContext);
            server.start();
            String host = InetAddress.getByName(options.host()).getHostAddress();
            if (host.contains(":")) {
                host = "[" + host + "]";
            }
            if (!InetAddress.getByName(options.host()).isLoopbackAddress()) {
                LOG.warn("Jolokia listens on {}:{} for the network, with authentication{}", host, port,
                        options.keystore() == null ? " but without TLS: passwords cross the network in the clear"
                                : " and TLS");
            }
            return new JolokiaBridge(server, manager, workers, scheme + "://" + host + ":" + port + "/jolokia/", token);
        } catch (Exception e) {
            stopQuietly(server);
            if (manager != null) {
                manager.stop();
            }
            workers.shutdownNow();
            if (e instanceof IOException io) {
                Throwable root = io;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                throw new UncheckedIOException("Jolokia cannot listen on " + options.host() + ":" + options.port()
                        + ": " + root.getMessage(), io);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("Jolokia cannot start: " + e.getMessage(), e);
        }
    }

    /** The most JSON one answer may hold, bulk included: a 64th of the heap, between 512 KB and 8 MB. */
    static int answerBudget(long maxHeap) {
        return (int) Math.max(512 * 1024, Math.min(8L * 1024 * 1024, maxHeap / 64));
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

    // A bounded pool with a bounded queue: beyond both, a request is answered 503 at once.
    private static ThreadPoolExecutor workers(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), r -> {
                    Thread t = new Thread(r, "memory-manager-jolokia-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    static Map<String, String> jolokiaConfig(BridgeOptions options) {
        Map<String, String> c = new HashMap<>();
        c.put("agentId", "memory-manager-" + ProcessHandle.current().pid());
        c.put("agentDescription", "Memory Manager");
        c.put("discoveryEnabled", "false");
        c.put("disableDetectors", "true");
        c.put("includeStackTrace", "false");
        c.put("serializeException", "false");
        c.put("allowErrorDetails", "false");
        c.put("debug", "false");
        c.put("maxDepth", Integer.toString(MAX_DEPTH));
        c.put("maxCollectionSize", Integer.toString(MAX_COLLECTION_SIZE));
        c.put("maxObjects", Integer.toString(MAX_OBJECTS));
        return c;
    }

    /** Where Jolokia answers, e.g. {@code http://127.0.0.1:8778/jolokia/}. */
    public String url() {
        return url;
    }

    /** The port Jolokia listens on (the chosen one when started with port 0). */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** The token that lets a client act (exec, write); its file is {@link AccessToken#file()}. */
    public AccessToken token() {
        return token;
    }

    /** Stops serving HTTP and frees the port. */
    @Override
    public void close() {
        stopQuietly(server);
        jolokia.stop();
        workers.shutdownNow();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("stopping Jolokia's HTTP server", e);
        }
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
