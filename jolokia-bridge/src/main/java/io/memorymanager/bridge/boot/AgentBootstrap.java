package io.memorymanager.bridge.boot;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.security.CodeSource;

/**
 * The agent jar's entry point ({@code Premain-Class}, {@code Agent-Class}, {@code Main-Class}). It is the only
 * code of the jar the application's class loader sees: everything else (Memory Manager, Jolokia, OSHI, JNA,
 * SLF4J and its provider) lives under {@code MM-INF/} and is loaded by an {@link IsolatingClassLoader} whose
 * parent is the platform class loader, so it can never clash with the application's own copies of those
 * libraries, nor they with ours. This class uses nothing but the JDK and never throws into the host.
 */
public final class AgentBootstrap {

    private static final String PREFIX = "Memory Manager: ";
    private static final String ENTRY = "io.memorymanager.bridge.Agent";
    private static IsolatingClassLoader loader;

    private AgentBootstrap() {
    }

    /** {@code -javaagent:memory-manager-agent.jar[=options]}. */
    public static void premain(String args, Instrumentation instrumentation) {
        launch(args, instrumentation);
    }

    /** Dynamic attach to a running JVM. */
    public static void agentmain(String args, Instrumentation instrumentation) {
        launch(args, instrumentation);
    }

    /** {@code java -jar memory-manager-agent.jar start|stop|status <pid>}, {@code list}: see {@link AttachCli}. */
    public static void main(String[] args) {
        System.exit(new AttachCli(System.out, System.err).run(args));
    }

    // Starts on a daemon thread of its own so that the host's main starts at once, whatever OSHI or Jolokia cost.
    private static void launch(String args, Instrumentation instrumentation) {
        try {
            ClassLoader isolated = loader();
            Thread thread = new Thread(() -> run(isolated, args, instrumentation), "memory-manager-agent");
            thread.setDaemon(true);
            thread.setContextClassLoader(isolated);
            thread.start();
        } catch (Throwable t) {
            System.err.println(PREFIX + "not started: " + t);
        }
    }

    private static void run(ClassLoader isolated, String args, Instrumentation instrumentation) {
        try {
            Class.forName(ENTRY, true, isolated).getMethod("start", String.class, Instrumentation.class)
                    .invoke(null, args, instrumentation);
        } catch (InvocationTargetException e) {
            System.err.println(PREFIX + "not started: " + e.getCause());
        } catch (Throwable t) {
            System.err.println(PREFIX + "not started: " + t);
        }
    }

    /** The class loader of everything under {@code MM-INF/}, for the command-line tools. */
    static ClassLoader isolatedLoader() {
        return loader();
    }

    private static synchronized ClassLoader loader() {
        if (loader == null) {
            CodeSource source = AgentBootstrap.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            loader = new IsolatingClassLoader(ClassLoader.getPlatformClassLoader(),
                    AgentBootstrap.class.getClassLoader(), location);
        }
        return loader;
    }
}
