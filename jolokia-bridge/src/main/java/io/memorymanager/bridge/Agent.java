package io.memorymanager.bridge;

import io.memorymanager.MemoryManager;
import io.memorymanager.MemoryManagerConfig;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What {@code -javaagent:memory-manager-agent.jar[=options]} and a dynamic attach run, on the agent's own
 * daemon thread: parse the options, register the MBeans, start Jolokia. Nothing here throws into the host: a bad
 * option or a busy port prints one line to stderr and leaves the application running untouched.
 *
 * <p>The attach tool ({@code AttachCli}) reads the outcome from system properties: {@link #STATE} is
 * {@code starting}, {@code running} (every part asked for started), {@code stopped} or {@code failed: <reason>}.
 * A failure before the MBeans are registered leaves nothing behind; a part that fails after (the access token,
 * the JMX connector, Jolokia HTTP) leaves the MBeans and whatever else started registered, says so in the state,
 * and the next start or stop replaces them. When the application embeds Memory Manager itself (its MBeans are
 * registered already), the agent starts nothing.
 */
public final class Agent {

    private static final String PREFIX = "Memory Manager: ";

    /** The attach tool reads these in the target JVM (see AttachCli). */
    static final String STATE = "io.memorymanager.agent.state";
    static final String URL = "io.memorymanager.agent.url";
    static final String JMX_URL = "io.memorymanager.agent.jmx";
    static final String TOKEN = "io.memorymanager.agent.token";
    /**
     * {@code <attempt> <outcome>}: written last by each start or stop that the attach tool asked for with
     * {@code attempt=<id>} first in the arguments, so that the tool reports that attempt's outcome and never a
     * state an earlier one left. One property, so that the id and the outcome are always read together.
     */
    static final String ATTEMPT = "io.memorymanager.agent.attempt";
    private static final String ATTEMPT_KEY = "attempt=";
    /**
     * Set by {@code MemoryManager.install} and cleared by its {@code close}: the attach tool's only sign of an
     * application that embeds Memory Manager. The agent clears it after its own install.
     */
    static final String EMBEDDED = MemoryManager.INSTALLED_PROPERTY;

    private static MemoryManager installed;
    private static JolokiaBridge bridge;
    private static JmxConnector jmx;
    /** Whether every part the last start asked for is running. */
    private static boolean complete;

    private Agent() {
    }

    /** Starts Memory Manager with agent arguments {@code args}; returns the Jolokia URL, or null. */
    public static synchronized String start(String args) {
        return start(args, null);
    }

    /**
     * Starts Memory Manager with agent arguments {@code args} and the agent's {@code instrumentation} (may be
     * null), which lets the profiler find classes of every class loader; returns the Jolokia URL, or null.
     * {@code stop} stops it. The attach tool puts {@code attempt=<id>} first (see {@link #ATTEMPT}).
     */
    public static synchronized String start(String args, Instrumentation instrumentation) {
        String attempt = null;
        String rest = args;
        if (args != null && args.startsWith(ATTEMPT_KEY)) {
            int comma = args.indexOf(',');
            String id = args.substring(ATTEMPT_KEY.length(), comma < 0 ? args.length() : comma);
            if (id.matches("[A-Za-z0-9-]{1,64}")) {
                attempt = id;
                rest = comma < 0 ? "" : args.substring(comma + 1);
            }
        }
        String outcome = "failed: the agent stopped on an unexpected error (see the application's stderr)";
        try {
            outcome = "stop".equals(rest) ? stopOutcome() : startAndReport(rest, instrumentation);
        } catch (RuntimeException | LinkageError e) {
            outcome = fail(e.toString());
            throw e;   // AgentBootstrap prints it
        } finally {
            // Last, after the state, the URLs and the token: whoever reads the attempt then reads all of them.
            if (attempt != null) {
                System.setProperty(ATTEMPT, attempt + " " + outcome);
            }
        }
        return bridge == null ? null : bridge.url();
    }

    /** A line for an {@code authFile}: {@code user} with {@code password}, salted and hashed. */
    public static String passwordLine(String user, String password) {
        return PasswordFile.line(user, password);
    }

    /** The options, one a line, for the attach tool's usage text (from {@link BridgeOptions#OPTIONS}). */
    public static String optionsHelp() {
        int width = BridgeOptions.OPTIONS.stream().mapToInt(o -> o.key().length()).max().orElse(0);
        return BridgeOptions.OPTIONS.stream()
                .map(o -> String.format("  %-" + width + "s  %s (default: %s)", o.key(),
                        o.description().replace("`", ""), o.shownDefault().replace("`", "")))
                .collect(Collectors.joining(System.lineSeparator()));
    }

    /** Stops Jolokia and unregisters Memory Manager; a later attach may start it again. */
    public static synchronized void stop() {
        stopOutcome();
    }

    private static String stopOutcome() {
        if (installed == null) {
            System.err.println(PREFIX + "not running, nothing to stop");
            return "failed: not running";
        }
        tearDown();
        System.setProperty(STATE, "stopped");
        System.err.println(PREFIX + "stopped");
        return "stopped";
    }

    private static void tearDown() {
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
        complete = false;
        System.clearProperty(URL);
        System.clearProperty(JMX_URL);
        System.clearProperty(TOKEN);
    }

    /** Sets the state to {@code failed: <reason>} and answers the same. */
    private static String fail(String reason) {
        System.setProperty(STATE, "failed: " + reason);
        return "failed: " + reason;
    }

    private static String startAndReport(String args, Instrumentation instrumentation) {
        PrintStream err = System.err;
        if (installed != null && complete) {
            String at = bridge == null ? "" : " at " + bridge.url();
            err.println(PREFIX + "already running in this JVM" + at);
            return "failed: already running in this JVM" + at;   // the state stays "running"
        }
        BridgeOptions options;
        try {
            options = BridgeOptions.parse(args);
        } catch (IllegalArgumentException e) {
            // Checked before anything changes: a bad option leaves a running part, or a partial start, as it was.
            err.println(PREFIX + "not started: " + e.getMessage());
            if (installed != null) {
                return "failed: " + e.getMessage();
            }
            return fail(e.getMessage());
        }
        if (installed != null) {
            tearDown();   // what an earlier start left when one of its parts failed: this start replaces it
        }
        System.setProperty(STATE, "starting");
        List<ObjectName> embedded = registeredByTheApplication();
        if (!embedded.isEmpty()) {
            String reason = "Memory Manager is already installed in this JVM by the application (embedded: "
                    + embedded.size() + " of its MBeans are registered, " + embedded.get(0) + " first); the agent "
                    + "started and registered nothing: use the application's own endpoint";
            err.println(PREFIX + "not started: " + reason);
            return fail(reason);
        }
        try {
            MemoryManagerConfig config = options.memoryManagerConfig();
            installed = MemoryManager.install(config.withProfiler(config.profiler().withInstrumentation(instrumentation)));
        } catch (RuntimeException | LinkageError e) {
            err.println(PREFIX + "not started: " + e);
            return fail(e.toString());
        }
        // MemoryManager.install marks an install in the system properties so that the attach tool can tell an
        // application that embeds Memory Manager; this one is the agent's, which its own state describes.
        System.clearProperty(EMBEDDED);
        List<String> failures = new ArrayList<>();
        startParts(options, failures, err);
        System.setProperty(URL, bridge == null ? "" : bridge.url());
        if (jmx != null) {
            System.setProperty(JMX_URL, jmx.url());
        }
        if (failures.isEmpty()) {
            complete = true;
            System.setProperty(STATE, "running");
            return "running";
        }
        return fail(String.join("; ", failures) + "; " + whatStillRuns());
    }

    private static void startParts(BridgeOptions options, List<String> failures, PrintStream err) {
        AccessToken token;
        try {
            token = AccessToken.create(installed.profiler().openOutputDirectory());
        } catch (RuntimeException e) {
            err.println(PREFIX + "MBeans registered, but no access token could be written, so neither Jolokia nor "
                    + "remote JMX started: " + e.getMessage());
            failures.add("access token not written, so neither Jolokia HTTP nor remote JMX started: " + e.getMessage());
            return;
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
                failures.add("JMX connector not started: " + e.getMessage());
            }
        }
        if (!options.jolokia()) {
            err.println(PREFIX + "MBeans registered in domain io.memorymanager (Jolokia HTTP off)");
        } else {
            try {
                bridge = JolokiaBridge.start(options, token, heavy);
                err.println(PREFIX + "Jolokia at " + bridge.url());
                err.println(PREFIX + "exec and write need the access token in " + token.file()
                        + (options.authFile() != null ? " or a user of " + options.authFile() : ""));
            } catch (RuntimeException | LinkageError e) {
                err.println(PREFIX + "MBeans registered, but Jolokia HTTP not started: " + e.getMessage());
                failures.add("Jolokia HTTP not started: " + e.getMessage());
            }
        }
        if (bridge != null || jmx != null) {
            System.setProperty(TOKEN, token.file().toString());
        }
    }

    private static String whatStillRuns() {
        List<String> parts = new ArrayList<>(List.of("the MBeans stay registered"));
        if (jmx != null) {
            parts.add("JMX at " + jmx.url());
        }
        if (bridge != null) {
            parts.add("Jolokia at " + bridge.url());
        }
        return String.join(", ", parts) + " until stop (a new start replaces them)";
    }

    // The MBeans MemoryManager.install registers (the application's copy of the class is not ours, but the names
    // are the same); registering ours beside them would fail name by name, each logged as an exception.
    private static List<ObjectName> registeredByTheApplication() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return List.of(MemoryManager.SYSTEM_MEMORY, MemoryManager.JVM_MEMORY, MemoryManager.MONITOR,
                        MemoryManager.PROFILER, MemoryManager.LEAK_DETECTOR, MemoryManager.OPTIMIZER, MemoryManager.HEALTH)
                .stream().filter(server::isRegistered).toList();
    }
}
