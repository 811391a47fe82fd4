package io.memorymanager.bridge;

import io.memorymanager.MemoryManagerConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Options of the agent and of {@link JolokiaBridge}, parsed from {@code key=value,key=value}. {@link #OPTIONS}
 * defines each option once (key, one-line description, default): {@link #parse} accepts exactly those keys, the
 * attach CLI's usage text prints them, and {@code BridgeOptionsTest} holds the README's option table to them.
 *
 * @param policyFile {@code null} for the shipped policy
 */
public record BridgeOptions(String host, int port, boolean jolokia, Path policyFile, int threads,
        Duration sampleInterval, Path outputDir, Duration leakWindow, Duration leakSampleInterval, Path authFile,
        Path keystore, Path keystorePasswordFile, int jmxPort, Path jmxPasswordFile, Path jmxAccessFile,
        Set<String> allowedOrigins, Set<String> allowedHosts, boolean jmxAuthenticate, Path cgroupRoot,
        Set<String> budgetActions) {

    public static final int DEFAULT_PORT = 8778;
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** One option: its key, what it does (one line, as in the README's table) and its default, as a person reads it. */
    public record Option(String key, String description, String defaultValue) {
        public Option {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(defaultValue, "defaultValue");
        }
    }

    /** Every option, in the order the usage text and the README list them. */
    public static final List<Option> OPTIONS = List.of(
            new Option("host", "address Jolokia binds to; a loopback address unless `authFile` is set",
                    "`" + DEFAULT_HOST + "`"),
            new Option("port", "Jolokia port; `0` picks a free one (printed)", "`" + DEFAULT_PORT + "`"),
            new Option("jolokia", "`false` registers the MBeans without any HTTP endpoint", "`true`"),
            new Option("policy", "a Jolokia access-policy XML file replacing the shipped one; a file that is missing "
                    + "or unreadable denies everything", "shipped policy"),
            new Option("threads", "Jolokia worker threads (1-64)", "`4`"),
            new Option("sampleIntervalMillis", "the Monitor's sampling interval (10-3600000; over JMX/HTTP at least "
                    + "250)", "`1000`"),
            new Option("outputDir", "the only directory the profiler writes to (heap dumps, JFR recordings, "
                    + "allocation stacks) and where the access token goes", "`<java.io.tmpdir>/memory-manager-<pid>`"),
            new Option("leakWindowSeconds", "the leak detector's window (60-86400), also the memory budget's trend "
                    + "window", "`600`"),
            new Option("leakSampleIntervalMillis", "time between the leak detector's samples (10 to an eighth of the "
                    + "window); the memory budget reads as often, at most once a second", "`10000`, or an eighth of "
                    + "a shorter window"),
            new Option("authFile", "users and password hashes (`hash-password`, owner-only file): basic "
                    + "authentication on every request; needed for a non-loopback `host`", "none"),
            new Option("keystore", "serve HTTPS from this PKCS12 keystore (with `keystorePasswordFile`)", "none"),
            new Option("keystorePasswordFile", "the keystore's password: the first line of this owner-only file",
                    "none"),
            new Option("jmxPort", "also start a remote JMX (RMI) connector on this port of `host` (registry and "
                    + "connector share it; 0 = a free one)", "none"),
            new Option("jmxPasswordFile", "the JDK's JMX password file (`user password`; the JDK hashes it in place "
                    + "when writable), with `jmxAccessFile`; required for a non-loopback `host`", "none"),
            new Option("jmxAccessFile", "the JDK's JMX access file (`user readonly` / `user readwrite`), with "
                    + "`jmxPasswordFile`", "none"),
            new Option("jmxAuthenticate", "`false` turns the JMX connector's authentication off (loopback only)",
                    "`true`"),
            new Option("allowOrigin", "browser origins besides the endpoint's own that may call it "
                    + "(`scheme://host:port`, space-separated)", "none"),
            new Option("allowHost", "host names besides localhost and this machine's own that clients may use in "
                    + "`Host`", "none"),
            new Option("cgroupRoot", "the directory standing for `/` when the memory budget reads cgroup files "
                    + "(tests, unusual mounts)", "`/`"),
            new Option("config", "a properties file of these options (`key=value` lines, not writable by others); "
                    + "`-javaagent` arguments override it, and it overrides the defaults", "none"),
            new Option("budgetActions", "what to do on the way into a CRITICAL memory budget, before a predicted OOM "
                    + "kill, space-separated: `heapDump` (at most once an hour), `jfrDump` (the running flight recordings, at "
                    + "most once an hour), `trimNative`, `clearCaches`", "none"));

    private static final List<String> KEYS = OPTIONS.stream().map(Option::key).toList();

    public BridgeOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(sampleInterval, "sampleInterval");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be between 1 and 64, was " + threads);
        }
        Objects.requireNonNull(leakWindow, "leakWindow");
        budgetActions = Set.copyOf(Objects.requireNonNull(budgetActions, "budgetActions"));
        Objects.requireNonNull(leakSampleInterval, "leakSampleInterval");
        if (authFile == null) {
            checkLoopback(host);
        }
        allowedOrigins = Set.copyOf(Objects.requireNonNull(allowedOrigins, "allowedOrigins"));
        for (String origin : allowedOrigins) {
            if (!origin.matches("https?://[a-z0-9.\\-\\[\\]:]+:\\d{1,5}")) {
                throw new IllegalArgumentException("allowOrigin must be scheme://host:port in lower case, was '"
                        + origin + "'");
            }
        }
        allowedHosts = Set.copyOf(Objects.requireNonNull(allowedHosts, "allowedHosts"));
        for (String name : allowedHosts) {
            if (!name.matches("[a-z0-9]([a-z0-9.\\-]*[a-z0-9])?")) {
                throw new IllegalArgumentException("allowHost must be host names in lower case, was '" + name + "'");
            }
        }
        if (!jmxAuthenticate && !isLoopback(host)) {
            throw new IllegalArgumentException("jmxAuthenticate=false is only allowed on a loopback host, was '"
                    + host + "'");
        }
        if (jmxPort < -1 || jmxPort > 65535) {
            throw new IllegalArgumentException("jmxPort must be between 0 and 65535, was " + jmxPort);
        }
        if ((jmxPasswordFile == null) != (jmxAccessFile == null)) {
            throw new IllegalArgumentException("jmxPasswordFile and jmxAccessFile go together");
        }
        if (jmxPort >= 0 && jmxPasswordFile == null && !isLoopback(host)) {
            throw new IllegalArgumentException("a JMX connector on a network address needs jmxPasswordFile and "
                    + "jmxAccessFile, was host '" + host + "'");
        }
        if ((keystore == null) != (keystorePasswordFile == null)) {
            throw new IllegalArgumentException("keystore and keystorePasswordFile go together");
        }
        memoryManagerConfig(sampleInterval, outputDir, leakWindow, leakSampleInterval, cgroupRoot, budgetActions);
    }

    /** Memory Manager's configuration for these options. */
    public MemoryManagerConfig memoryManagerConfig() {
        return memoryManagerConfig(sampleInterval, outputDir, leakWindow, leakSampleInterval, cgroupRoot,
                budgetActions);
    }

    // Static: the compact constructor validates through it before the fields are assigned.
    private static MemoryManagerConfig memoryManagerConfig(Duration sampleInterval, Path outputDir, Duration leakWindow,
            Duration leakSampleInterval, Path cgroupRoot, Set<String> budgetActions) {
        MemoryManagerConfig defaults = MemoryManagerConfig.defaults();
        MemoryManagerConfig config = defaults.withMonitor(defaults.monitor().withSampleInterval(sampleInterval))
                .withLeakDetection(leakWindow, leakSampleInterval);
        config = cgroupRoot == null ? config : config.withCgroupRoot(cgroupRoot);
        config = config.withBudgetActions(budgetActions);
        return outputDir == null ? config : config.withProfiler(config.profiler().withOutputDirectory(outputDir));
    }

    public static BridgeOptions defaults() {
        MemoryManagerConfig config = MemoryManagerConfig.defaults();
        return new BridgeOptions(DEFAULT_HOST, DEFAULT_PORT, true, null, 4, Duration.ofSeconds(1), null,
                config.leakWindow(), config.leakSampleInterval(), null, null, null, -1, null, null, Set.of(), Set.of(),
                true, null, Set.of());
    }

    public BridgeOptions withPort(int newPort) {
        return new BridgeOptions(host, newPort, jolokia, policyFile, threads, sampleInterval, outputDir, leakWindow,
                leakSampleInterval, authFile, keystore, keystorePasswordFile, jmxPort, jmxPasswordFile, jmxAccessFile,
                allowedOrigins, allowedHosts, jmxAuthenticate, cgroupRoot,
                budgetActions);
    }

    /** Serves requests addressed to these host names too (see {@code allowHost}). */
    public BridgeOptions withAllowedHosts(Set<String> names) {
        return new BridgeOptions(host, port, jolokia, policyFile, threads, sampleInterval, outputDir, leakWindow,
                leakSampleInterval, authFile, keystore, keystorePasswordFile, jmxPort, jmxPasswordFile, jmxAccessFile,
                allowedOrigins, names, jmxAuthenticate, cgroupRoot,
                budgetActions);
    }

    public BridgeOptions withPolicyFile(Path file) {
        return new BridgeOptions(host, port, jolokia, file, threads, sampleInterval, outputDir, leakWindow,
                leakSampleInterval, authFile, keystore, keystorePasswordFile, jmxPort, jmxPasswordFile, jmxAccessFile,
                allowedOrigins, allowedHosts, jmxAuthenticate, cgroupRoot,
                budgetActions);
    }

    /** Lets browsers on {@code origins} (scheme://host:port) call this endpoint, e.g. a Hawtio console's. */
    public BridgeOptions withAllowedOrigins(Set<String> origins) {
        return new BridgeOptions(host, port, jolokia, policyFile, threads, sampleInterval, outputDir, leakWindow,
                leakSampleInterval, authFile, keystore, keystorePasswordFile, jmxPort, jmxPasswordFile, jmxAccessFile,
                origins, allowedHosts, jmxAuthenticate, cgroupRoot,
                budgetActions);
    }

    /** Requires HTTP basic authentication against {@code file} (see {@link PasswordFile}). */
    public BridgeOptions withAuthFile(Path file) {
        return new BridgeOptions(host, port, jolokia, policyFile, threads, sampleInterval, outputDir, leakWindow,
                leakSampleInterval, file, keystore, keystorePasswordFile, jmxPort, jmxPasswordFile, jmxAccessFile,
                allowedOrigins, allowedHosts, jmxAuthenticate, cgroupRoot,
                budgetActions);
    }

    /** Serves HTTPS with the PKCS12 {@code keystore} whose password is the first line of {@code passwordFile}. */
    public BridgeOptions withTls(Path keystore, Path passwordFile) {
        return new BridgeOptions(host, port, jolokia, policyFile, threads, sampleInterval, outputDir, leakWindow,
                leakSampleInterval, authFile, keystore, passwordFile, jmxPort, jmxPasswordFile, jmxAccessFile,
                allowedOrigins, allowedHosts, jmxAuthenticate, cgroupRoot,
                budgetActions);
    }

    /**
     * Parses agent arguments such as {@code port=0,host=localhost}. {@code null} or blank means the defaults.
     *
     * @throws IllegalArgumentException naming the option and value at fault
     */
    public static BridgeOptions parse(String args) {
        Map<String, String> values = new LinkedHashMap<>();
        if (args != null && !args.isBlank()) {
            for (String pair : args.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("option must be key=value, was '" + pair.trim() + "'");
                }
                String key = pair.substring(0, eq).trim();
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown option '" + key + "'; known options: "
                            + String.join(", ", KEYS));
                }
                if (values.put(key, pair.substring(eq + 1).trim()) != null) {
                    throw new IllegalArgumentException("option '" + key + "' given twice");
                }
            }
        }
        if (values.containsKey("config")) {
            layer(values, Path.of(values.remove("config")));
        }
        BridgeOptions d = defaults();
        Path policy = values.containsKey("policy") ? Path.of(values.get("policy")) : null;
        if (policy != null && !Files.isReadable(policy)) {
            throw new IllegalArgumentException("policy file is missing or unreadable: " + policy);
        }
        if (policy != null) {
            FileChecks.notWritableByOthers("policy", policy);
        }
        for (String secret : List.of("keystorePasswordFile", "jmxPasswordFile", "authFile")) {
            if (values.containsKey(secret)) {
                FileChecks.ownerOnly(secret, path(values, secret));
            }
        }
        for (String decides : List.of("keystore", "jmxAccessFile")) {
            if (values.containsKey(decides)) {
                FileChecks.notWritableByOthers(decides, path(values, decides));
            }
        }
        // the leak window's rules are MemoryManagerConfig's, said here in the options' own terms
        int leakWindowSeconds = integer(values, "leakWindowSeconds", (int) d.leakWindow().toSeconds());
        if (leakWindowSeconds < MemoryManagerConfig.MIN_LEAK_WINDOW_SECONDS
                || leakWindowSeconds > MemoryManagerConfig.MAX_LEAK_WINDOW_SECONDS) {
            throw new IllegalArgumentException("leakWindowSeconds must be between "
                    + MemoryManagerConfig.MIN_LEAK_WINDOW_SECONDS + " and "
                    + MemoryManagerConfig.MAX_LEAK_WINDOW_SECONDS + ", was " + leakWindowSeconds);
        }
        Duration window = Duration.ofSeconds(leakWindowSeconds);
        long maxSample = MemoryManagerConfig.maxLeakSampleMillis(window);
        int leakSampleMillis = integer(values, "leakSampleIntervalMillis",
                (int) MemoryManagerConfig.defaultLeakSampleInterval(window).toMillis());
        if (leakSampleMillis < MemoryManagerConfig.MIN_LEAK_SAMPLE_MILLIS || leakSampleMillis > maxSample) {
            throw new IllegalArgumentException("leakSampleIntervalMillis must be between "
                    + MemoryManagerConfig.MIN_LEAK_SAMPLE_MILLIS + " and an eighth of the leak window (" + maxSample
                    + "), was " + leakSampleMillis);
        }
        return new BridgeOptions(
                values.getOrDefault("host", d.host()),
                integer(values, "port", d.port()),
                bool(values, "jolokia", d.jolokia()),
                policy,
                integer(values, "threads", d.threads()),
                Duration.ofMillis(integer(values, "sampleIntervalMillis", (int) d.sampleInterval().toMillis())),
                values.containsKey("outputDir") ? Path.of(values.get("outputDir")) : null,
                window, Duration.ofMillis(leakSampleMillis),
                path(values, "authFile"), path(values, "keystore"), path(values, "keystorePasswordFile"),
                integer(values, "jmxPort", -1), path(values, "jmxPasswordFile"), path(values, "jmxAccessFile"),
                values.containsKey("allowOrigin") ? Set.of(values.get("allowOrigin").toLowerCase(Locale.ROOT).split("\\s+"))
                        : Set.of(),
                values.containsKey("allowHost") ? Set.of(values.get("allowHost").toLowerCase(Locale.ROOT).split("\\s+"))
                        : Set.of(),
                bool(values, "jmxAuthenticate", true), path(values, "cgroupRoot"),
                values.containsKey("budgetActions") ? Set.of(values.get("budgetActions").split("\\s+")) : Set.of());
    }

    /**
     * Jolokia's layering: the options in {@code file} go under those given as arguments (which win) and over the
     * defaults. The file must be readable, not writable by others, and name only known options (not {@code config}).
     */
    private static void layer(Map<String, String> values, Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("config file is missing or unreadable: " + file);
        }
        FileChecks.notWritableByOthers("config", file);
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("config file " + file + " cannot be read as properties: "
                    + e.getMessage(), e);
        }
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!KEYS.contains(key) || key.equals("config")) {
                throw new IllegalArgumentException("unknown option '" + key + "' in config file " + file
                        + "; known options: " + KEYS.stream().filter(k -> !k.equals("config"))
                        .collect(Collectors.joining(", ")));
            }
            values.putIfAbsent(key, properties.getProperty(key).trim());
        }
    }

    private static int integer(Map<String, String> values, String key, int fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'", e);
        }
    }

    private static Path path(Map<String, String> values, String key) {
        String v = values.get(key);
        if (v == null) {
            return null;
        }
        Path p = Path.of(v);
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException(key + " is missing or unreadable: " + v);
        }
        return p;
    }

    private static boolean bool(Map<String, String> values, String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
        };
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    // Without authentication Jolokia only ever listens where no other machine can reach it.
    private static void checkLoopback(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("host cannot be resolved, was '" + host + "'", e);
        }
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("host must be a loopback address (127.0.0.1, ::1, localhost) unless "
                    + "authFile is set: serving memory controls to the network needs authentication, was '" + host + "'");
        }
    }
}
