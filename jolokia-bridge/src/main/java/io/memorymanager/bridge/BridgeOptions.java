package io.memorymanager.bridge;

import io.memorymanager.MemoryManagerConfig;
import io.memorymanager.monitor.MonitorSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
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
 * defines each option once: key, kind (what its text becomes, and what it accepts), default, range and a one-line
 * description. {@link #parse} converts and checks every option by its definition, the defaults are the definitions'
 * own, the attach CLI's usage text prints them, and {@code BridgeOptionsTest} holds the README's option table to
 * them. What involves two options (a host that needs authentication, files that go together, the leak sample's
 * bound by the window) is checked once, in the constructor every path goes through.
 */
public final class BridgeOptions {

    public static final int DEFAULT_PORT = 8778;
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** What an option's text becomes, and what is checked on the way. */
    public enum Kind {
        /** Text as given. */
        TEXT,
        /** A whole number from {@link Option#min()} to {@link Option#max()}. */
        INTEGER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A path, not looked at here (a directory created on first use). */
        PATH,
        /** A file or directory that must be readable. */
        READABLE,
        /** A readable file that decides something (a policy, a keystore): not writable by others. */
        TRUSTED_FILE,
        /** A readable file holding a secret: owner-only. */
        SECRET_FILE,
        /** Space-separated words. */
        WORDS,
        /** Space-separated words, lower-cased (origins, host names). */
        LOWER_CASE_WORDS,
        /** A properties file of other options, layered under the arguments ({@code config}). */
        LAYER
    }

    /**
     * One option.
     *
     * @param key as given on the command line
     * @param kind what its text becomes
     * @param defaultValue its value when not given (an Integer, Boolean, String, Path or Set), or null for none
     * @param min the least value of an {@link Kind#INTEGER}
     * @param max the greatest value of an {@link Kind#INTEGER}
     * @param description what it does, one line (as in the README's table)
     * @param shownDefault the default as a person reads it ({@code `8778`}, {@code none})
     */
    public record Option(String key, Kind kind, Object defaultValue, long min, long max, String description,
            String shownDefault) {
        public Option {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(shownDefault, "shownDefault");
        }

        static Option of(String key, Kind kind, Object defaultValue, String description) {
            return new Option(key, kind, defaultValue, 0, 0, description, shown(defaultValue));
        }

        static Option integer(String key, Integer defaultValue, long min, long max, String description) {
            return new Option(key, Kind.INTEGER, defaultValue, min, max, description, shown(defaultValue));
        }

        Option showingDefault(String text) {
            return new Option(key, kind, defaultValue, min, max, description, text);
        }

        private static String shown(Object value) {
            return value == null || value instanceof Set<?> set && set.isEmpty() ? "none" : "`" + value + "`";
        }

        /** The value of {@code text} for this option, checked; throws naming the option and the value. */
        Object convert(String text) {
            return switch (kind) {
                case TEXT, LAYER -> text;
                case INTEGER -> {
                    int v;
                    try {
                        v = Integer.parseInt(text);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(key + " must be a whole number, was '" + text + "'", e);
                    }
                    yield check(v);
                }
                case BOOLEAN -> switch (text) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException(key + " must be true or false, was '" + text + "'");
                };
                case PATH -> Path.of(text);
                case READABLE, TRUSTED_FILE, SECRET_FILE -> file(text);
                case WORDS -> Set.of(text.trim().split("\\s+"));
                case LOWER_CASE_WORDS -> Set.of(text.trim().toLowerCase(Locale.ROOT).split("\\s+"));
            };
        }

        /** An INTEGER's value within its range. */
        Object check(Object value) {
            if (kind == Kind.INTEGER && value instanceof Integer v && (v < min || v > max)) {
                // an option bounded by another (the leak sample by the window) states only its own bound here
                throw new IllegalArgumentException(key + (max == Integer.MAX_VALUE ? " must be at least " + min
                        : " must be between " + min + " and " + max) + ", was " + v);
            }
            return value;
        }

        private Path file(String text) {
            Path p = Path.of(text);
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException(key + " is missing or unreadable: " + text);
            }
            if (kind == Kind.TRUSTED_FILE) {
                FileChecks.notWritableByOthers(key, p);
            } else if (kind == Kind.SECRET_FILE) {
                FileChecks.ownerOnly(key, p);
            }
            return p;
        }
    }

    /** Every option, in the order the usage text and the README list them. */
    public static final List<Option> OPTIONS = List.of(
            Option.of("host", Kind.TEXT, DEFAULT_HOST,
                    "address Jolokia binds to; a loopback address unless `authFile` is set"),
            Option.integer("port", DEFAULT_PORT, 0, 65535, "Jolokia port; `0` picks a free one (printed)"),
            Option.of("jolokia", Kind.BOOLEAN, true, "`false` registers the MBeans without any HTTP endpoint"),
            Option.of("policy", Kind.TRUSTED_FILE, null, "a Jolokia access-policy XML file replacing the shipped one; "
                    + "a file that is missing or unreadable denies everything").showingDefault("shipped policy"),
            Option.integer("threads", 4, 1, 64, "Jolokia worker threads (1-64)"),
            Option.integer("sampleIntervalMillis", 1000, MonitorSettings.MIN_INTERVAL.toMillis(),
                    MonitorSettings.MAX_INTERVAL.toMillis(), "the Monitor's sampling interval (10-3600000; over "
                            + "JMX/HTTP at least 250)"),
            Option.of("outputDir", Kind.PATH, null, "the only directory the profiler writes to (heap dumps, JFR "
                    + "recordings, allocation stacks) and where the access token goes")
                    .showingDefault("`<java.io.tmpdir>/memory-manager-<pid>`"),
            Option.integer("leakWindowSeconds", (int) MemoryManagerConfig.defaults().leakWindow().toSeconds(),
                    MemoryManagerConfig.MIN_LEAK_WINDOW_SECONDS, MemoryManagerConfig.MAX_LEAK_WINDOW_SECONDS,
                    "the leak detector's window (60-86400), also the memory budget's trend window"),
            // the upper bound is an eighth of the window: checked with the window, in the constructor
            Option.integer("leakSampleIntervalMillis", null, MemoryManagerConfig.MIN_LEAK_SAMPLE_MILLIS,
                    Integer.MAX_VALUE, "time between the leak detector's samples (10 to an eighth of the window); the "
                            + "memory budget reads as often, at most once a second")
                    .showingDefault("`10000`, or an eighth of a shorter window"),
            Option.of("authFile", Kind.SECRET_FILE, null, "users and password hashes (`hash-password`, owner-only "
                    + "file): basic authentication on every request; needed for a non-loopback `host`"),
            Option.of("keystore", Kind.TRUSTED_FILE, null, "serve HTTPS from this PKCS12 keystore (with "
                    + "`keystorePasswordFile`)"),
            Option.of("keystorePasswordFile", Kind.SECRET_FILE, null, "the keystore's password: the first line of "
                    + "this owner-only file"),
            Option.integer("jmxPort", null, 0, 65535, "also start a remote JMX (RMI) connector on this port of "
                    + "`host` (registry and connector share it; 0 = a free one)"),
            Option.of("jmxPasswordFile", Kind.SECRET_FILE, null, "the JDK's JMX password file (`user password`; the "
                    + "JDK hashes it in place when writable), with `jmxAccessFile`; required for a non-loopback "
                    + "`host`"),
            Option.of("jmxAccessFile", Kind.TRUSTED_FILE, null, "the JDK's JMX access file (`user readonly` / `user "
                    + "readwrite`), with `jmxPasswordFile`"),
            Option.of("jmxAuthenticate", Kind.BOOLEAN, true, "`false` turns the JMX connector's authentication off "
                    + "(loopback only)"),
            Option.of("allowOrigin", Kind.LOWER_CASE_WORDS, Set.of(), "browser origins besides the endpoint's own that "
                    + "may call it (`scheme://host:port`, space-separated)"),
            Option.of("allowHost", Kind.LOWER_CASE_WORDS, Set.of(), "host names besides localhost and this machine's "
                    + "own that clients may use in `Host`"),
            Option.of("cgroupRoot", Kind.READABLE, null, "the directory standing for `/` when the memory budget "
                    + "reads cgroup files (tests, unusual mounts)").showingDefault("`/`"),
            Option.of("config", Kind.LAYER, null, "a properties file of these options (`key=value` lines, not "
                    + "writable by others); `-javaagent` arguments override it, and it overrides the defaults"),
            Option.of("budgetActions", Kind.WORDS, Set.of(), "what to do on the way into a CRITICAL memory budget, "
                    + "before a predicted OOM kill, space-separated: `heapDump` (at most once an hour), `jfrDump` (the "
                    + "running flight recordings, at most once an hour), `trimNative`, `clearCaches`"));

    /** The value of an option with no default that was not given (a map holds no null). */
    private static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "none";
        }
    };

    private static final Map<String, Option> BY_KEY = OPTIONS.stream()
            .collect(Collectors.toMap(Option::key, o -> o, (a, b) -> a, LinkedHashMap::new));
    private static final List<String> KEYS = List.copyOf(BY_KEY.keySet());
    private static final BridgeOptions DEFAULTS = new BridgeOptions(Map.of());

    /** Every option's value (the default where none was given), by key; no {@code config}. */
    private final Map<String, Object> values;

    private BridgeOptions(Map<String, Object> given) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Option o : OPTIONS) {
            if (o.kind() != Kind.LAYER) {
                Object v = given.containsKey(o.key()) ? given.get(o.key()) : o.defaultValue();
                all.put(o.key(), v == null ? NONE : o.check(v));
            }
        }
        this.values = Collections.unmodifiableMap(all);
        validate();
    }

    /** The value of the option {@code key} as its definition types it, null for none. */
    Object value(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("unknown option '" + key + "'");
        }
        return get(key);
    }

    @SuppressWarnings("unchecked")
    private <T> T get(String key) {
        Object v = values.get(key);
        return v == NONE ? null : (T) v;
    }

    // What involves more than one option, checked for parsed and built options alike.
    private void validate() {
        String host = host();
        Objects.requireNonNull(host, "host");
        if (authFile() == null) {
            checkLoopback(host);
        }
        for (String origin : allowedOrigins()) {
            if (!origin.matches("https?://[a-z0-9.\\-\\[\\]:]+:\\d{1,5}")) {
                throw new IllegalArgumentException("allowOrigin must be scheme://host:port in lower case, was '"
                        + origin + "'");
            }
        }
        for (String name : allowedHosts()) {
            if (!name.matches("[a-z0-9]([a-z0-9.\\-]*[a-z0-9])?")) {
                throw new IllegalArgumentException("allowHost must be host names in lower case, was '" + name + "'");
            }
        }
        if (!jmxAuthenticate() && !isLoopback(host)) {
            throw new IllegalArgumentException("jmxAuthenticate=false is only allowed on a loopback host, was '"
                    + host + "'");
        }
        if ((jmxPasswordFile() == null) != (jmxAccessFile() == null)) {
            throw new IllegalArgumentException("jmxPasswordFile and jmxAccessFile go together");
        }
        if (jmxPort() >= 0 && jmxPasswordFile() == null && !isLoopback(host)) {
            throw new IllegalArgumentException("a JMX connector on a network address needs jmxPasswordFile and "
                    + "jmxAccessFile, was host '" + host + "'");
        }
        if ((keystore() == null) != (keystorePasswordFile() == null)) {
            throw new IllegalArgumentException("keystore and keystorePasswordFile go together");
        }
        Integer sample = get("leakSampleIntervalMillis");
        long maxSample = MemoryManagerConfig.maxLeakSampleMillis(leakWindow());
        if (sample != null && sample > maxSample) {
            throw new IllegalArgumentException("leakSampleIntervalMillis must be between "
                    + MemoryManagerConfig.MIN_LEAK_SAMPLE_MILLIS + " and an eighth of the leak window (" + maxSample
                    + "), was " + sample);
        }
        memoryManagerConfig();
    }

    // ------------------------------------------------------------------------------------------ the values

    public String host() {
        return get("host");
    }

    public int port() {
        return (Integer) get("port");
    }

    public boolean jolokia() {
        return (Boolean) get("jolokia");
    }

    /** {@code null} for the shipped policy. */
    public Path policyFile() {
        return get("policy");
    }

    public int threads() {
        return (Integer) get("threads");
    }

    public Duration sampleInterval() {
        return Duration.ofMillis((Integer) get("sampleIntervalMillis"));
    }

    public Path outputDir() {
        return get("outputDir");
    }

    public Duration leakWindow() {
        return Duration.ofSeconds((Integer) get("leakWindowSeconds"));
    }

    /** As given, or the default for the window (10 s, or an eighth of a shorter window). */
    public Duration leakSampleInterval() {
        Integer given = get("leakSampleIntervalMillis");
        return given == null ? MemoryManagerConfig.defaultLeakSampleInterval(leakWindow()) : Duration.ofMillis(given);
    }

    public Path authFile() {
        return get("authFile");
    }

    public Path keystore() {
        return get("keystore");
    }

    public Path keystorePasswordFile() {
        return get("keystorePasswordFile");
    }

    /** -1 for no JMX connector. */
    public int jmxPort() {
        Integer port = get("jmxPort");
        return port == null ? -1 : port;
    }

    public Path jmxPasswordFile() {
        return get("jmxPasswordFile");
    }

    public Path jmxAccessFile() {
        return get("jmxAccessFile");
    }

    public Set<String> allowedOrigins() {
        return get("allowOrigin");
    }

    public Set<String> allowedHosts() {
        return get("allowHost");
    }

    public boolean jmxAuthenticate() {
        return (Boolean) get("jmxAuthenticate");
    }

    public Path cgroupRoot() {
        return get("cgroupRoot");
    }

    public Set<String> budgetActions() {
        return get("budgetActions");
    }

    /** Memory Manager's configuration for these options. */
    public MemoryManagerConfig memoryManagerConfig() {
        MemoryManagerConfig defaults = MemoryManagerConfig.defaults();
        MemoryManagerConfig config = defaults.withMonitor(defaults.monitor().withSampleInterval(sampleInterval()))
                .withLeakDetection(leakWindow(), leakSampleInterval());
        config = cgroupRoot() == null ? config : config.withCgroupRoot(cgroupRoot());
        config = config.withBudgetActions(budgetActions());
        return outputDir() == null ? config : config.withProfiler(config.profiler().withOutputDirectory(outputDir()));
    }

    public static BridgeOptions defaults() {
        return DEFAULTS;
    }

    // ------------------------------------------------------------------------------------ changed copies

    /** These options with {@code key} set to {@code value} (as its definition types it), checked like parsed ones. */
    private BridgeOptions with(String key, Object value) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put(key, value);
        return with(change);
    }

    private BridgeOptions with(Map<String, Object> changes) {
        Map<String, Object> given = new LinkedHashMap<>();
        values.forEach((k, v) -> given.put(k, v == NONE ? null : v));
        given.putAll(changes);
        return new BridgeOptions(given);
    }

    public BridgeOptions withPort(int newPort) {
        return with("port", newPort);
    }

    /** Serves requests addressed to these host names too (see {@code allowHost}). */
    public BridgeOptions withAllowedHosts(Set<String> names) {
        return with("allowHost", Set.copyOf(names));
    }

    public BridgeOptions withPolicyFile(Path file) {
        return with("policy", file);
    }

    /** Lets browsers on {@code origins} (scheme://host:port) call this endpoint, e.g. a Hawtio console's. */
    public BridgeOptions withAllowedOrigins(Set<String> origins) {
        return with("allowOrigin", Set.copyOf(origins));
    }

    /** Requires HTTP basic authentication against {@code file} (see {@link PasswordFile}). */
    public BridgeOptions withAuthFile(Path file) {
        return with("authFile", file);
    }

    /** Serves HTTPS with the PKCS12 {@code keystore} whose password is the first line of {@code passwordFile}. */
    public BridgeOptions withTls(Path keystore, Path passwordFile) {
        Map<String, Object> tls = new LinkedHashMap<>();
        tls.put("keystore", keystore);
        tls.put("keystorePasswordFile", passwordFile);
        return with(tls);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BridgeOptions other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "BridgeOptions" + values;
    }

    // ------------------------------------------------------------------------------------------ parsing

    /**
     * Parses agent arguments such as {@code port=0,host=localhost}. {@code null} or blank means the defaults.
     *
     * @throws IllegalArgumentException naming the option and value at fault
     */
    public static BridgeOptions parse(String args) {
        Map<String, String> texts = new LinkedHashMap<>();
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
                if (texts.put(key, pair.substring(eq + 1).trim()) != null) {
                    throw new IllegalArgumentException("option '" + key + "' given twice");
                }
            }
        }
        if (texts.containsKey("config")) {
            layer(texts, Path.of(texts.remove("config")));
        }
        Map<String, Object> given = new LinkedHashMap<>();
        // in the definitions' order, so that the first option at fault is the one named
        for (Option o : OPTIONS) {
            if (texts.containsKey(o.key())) {
                given.put(o.key(), o.convert(texts.get(o.key())));
            }
        }
        return new BridgeOptions(given);
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
