package io.memorymanager.profile;

/**
 * The classes Memory Manager brings into a JVM, which are never growth, findings or suspects: its own (except the
 * demo's, which play an application) and those of the HTTP and JMX stack the agent ships (Jetty, Jolokia, OSHI,
 * JNA, which OSHI uses).
 */
public final class OwnClasses {

    private static final String[] PREFIXES = {"io.memorymanager.", "org.eclipse.jetty.", "org.jolokia.", "oshi.",
        "com.sun.jna."};

    private OwnClasses() {
    }

    /**
     * Threads Memory Manager brings or causes: its own ({@code memory-manager-*}, which includes its HTTP server),
     * JFR's, and the RMI and JMX connection threads remote JMX clients make.
     */
    public static boolean isOwnThread(String name) {
        return name.startsWith("memory-manager") || name.startsWith("JFR ") || name.startsWith("RMI ")
                || name.startsWith("JMX server connection timeout") || name.equals("Attach Listener");
    }

    /** Whether a histogram class name (possibly an array, {@code [Lio.memorymanager.X;}) is Memory Manager's. */
    public static boolean isOwn(String name) {
        int at = 0;
        while (at < name.length() && name.charAt(at) == '[') {
            at++;
        }
        if (at > 0 && at < name.length() && name.charAt(at) == 'L') {
            at++;
        }
        if (name.startsWith("io.memorymanager.samples.", at)) {
            return false;
        }
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix, at)) {
                return true;
            }
        }
        return false;
    }
}
