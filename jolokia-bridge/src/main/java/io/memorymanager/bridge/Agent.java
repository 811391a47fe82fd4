package io.memorymanager.bridge;

import io.memorymanager.MemoryManager;
import io.memorymanager.MemoryManagerConfig;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.util.stream.Collectors;

/**
 * What {@code -javaagent:memory-manager-agent.jar[=options]} and a dynamic attach run, on the agent's own
 * daemon thread: parse the options, register the MBeans, start Jolokia. Nothing here throws into the host: a bad
 * option or a busy port prints one line to stderr and leaves the application running untouched.
 */
public final class Agent {

    private static final String PREFIX = "Memory Manager: ";
    private static MemoryManager installed;
    private static JolokiaBridge bridge;
    private static JmxConnector jmx;

    private Agent() {
    }

    /** Starts Memory Manager with agent arguments {@code args}; returns the Jolokia URL, or null. */
    public static synchronized String start(String args) {
        return start(args, null);
    }

    /**
     * Starts Memory Manager with agent arguments {@code args} and the agent's {@code instrumentation} (may be
     * null), which lets the profiler find classes of every class loader; returns the Jolokia URL, or null.
     */
    public static synchronized String start(String args, Instrumentation instrumentation) {
        if ("stop".equals(args)) {
            stop();
            return null;
        }
        String url = startAndReport(args, instrumentation);
        if (installed != null) {
            System.setProperty(STATE, "running");
            System.setProperty(URL, url == null ? "" : url);
        }
        return url;
    }

    /** The attach tool reads these in the target JVM (see AttachCli). */
    static final String STATE = "io.memorymanager.agent.state";
    static final String URL = "io.memorymanager.agent.url";
    static final String TOKEN = "io.memorymanager.agent.token";

    /** A line for an {@code authFile}: {@code user} with {@code password}, salted and hashed. */
    public static String passwordLine(String user, String password) {
        return PasswordFile.line(user, password);
    }

    /** The options, one a line, for the attach tool's usage text (from {@link BridgeOptions#OPTIONS}). */
    public static String optionsHelp() {
        int width = BridgeOptions.OPTIONS.stream().mapToInt(o -> o.key().length()).max().orElse(0);
        return BridgeOptions.OPTIONS.stream()
                .map(o -> String.format("  %-" + width + "s  %s (default: %s)", o.key(),
                        o.description().replace("`", ""), o.defaultValue().replace("`", "")))
                .collect(Collectors.joining(System.lineSeparator()));
    }

    /** Stops Jolokia and unregisters Memory Manager; a later attach may start it again. */
    public static synchronized void stop() {
        if (jmx != null) {
            jmx.close();
            jmx = null;
        }
        if (bridge != null) {
            bridge.close();
            bridge = null;
        }
        if (installed != null) {
            installed.close();
            installed = null;
        }
        System.setProperty(STATE, "stopped");
        System.clearProperty(URL);
        System.clearProperty(TOKEN);
        System.err.println(PREFIX + "stopped");
    }

    private static String startAndReport(String args, Instrumentation instrumentation) {
        PrintStream err = System.err;
        if (installed != null) {
            err.println(PREFIX + "already running in this JVM" + (bridge == null ? "" : " at " + bridge.url()));
            return bridge == null ? null : bridge.url();
        }
        BridgeOptions options;
        try {
            options = BridgeOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(PREFIX + "not started: " + e.getMessage());
            System.setProperty(STATE, "failed: " + e.getMessage());
            return null;
        }
        try {
            MemoryManagerConfig config = options.memoryManagerConfig();
            installed = MemoryManager.install(config.withProfiler(config.profiler().withInstrumentation(instrumentation)));
        } catch (RuntimeException | LinkageError e) {
            err.println(PREFIX + "not started: " + e);
            System.setProperty(STATE, "failed: " + e);
            return null;
        }
        AccessToken token;
        try {
            token = AccessToken.create(installed.profiler().openOutputDirectory());
        } catch (RuntimeException e) {
            err.println(PREFIX + "MBeans registered, but no access token could be written, so neither Jolokia nor "
                    + "remote JMX started: " + e.getMessage());
            System.setProperty(STATE, "failed: " + e.getMessage());
            return null;
        }
        HeavyOperations heavy = new HeavyOperations(System::currentTimeMillis);
        if (options.jmxPort() >= 0) {
            try {
                jmx = JmxConnector.start(JmxConnector.Settings.builder(options.host(), options.jmxPort())
                        .passwordFiles(options.jmxPasswordFile(), options.jmxAccessFile())
                        .token(token)
                        .authenticate(options.jmxAuthenticate())
                        .tls(options.keystore() == null ? null
                                : Tls.context(options.keystore(), options.keystorePasswordFile()))
                        .heavyOperations(heavy)
                        .build());
                err.println(PREFIX + "JMX at " + jmx.url());
            } catch (RuntimeException e) {
                err.println(PREFIX + "MBeans registered, but the JMX connector not started: " + e.getMessage());
            }
        }
        if (!options.jolokia()) {
            err.println(PREFIX + "MBeans registered in domain io.memorymanager (Jolokia HTTP off)");
            return null;
        }
        try {
            bridge = JolokiaBridge.start(options, token, heavy);
        } catch (RuntimeException | LinkageError e) {
            err.println(PREFIX + "MBeans registered, but Jolokia HTTP not started: " + e.getMessage());
            return null;
        }
        System.setProperty(TOKEN, token.file().toString());
        err.println(PREFIX + "Jolokia at " + bridge.url());
        err.println(PREFIX + "exec and write need the access token in " + token.file()
                + (options.authFile() != null ? " or a user of " + options.authFile() : ""));
        return bridge.url();
    }
}
