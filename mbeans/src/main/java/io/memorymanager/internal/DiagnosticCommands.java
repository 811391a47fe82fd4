package io.memorymanager.internal;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The JDK's diagnostic commands (what {@code jcmd} runs), called in-process through the platform MBeanServer. */
public final class DiagnosticCommands {

    private static final ObjectName NAME = ObjectNames.parse("com.sun.management:type=DiagnosticCommand");

    private DiagnosticCommands() {
    }

    /** Runs {@code operation} (the MBean's name for it, e.g. {@code gcClassHistogram}) and returns its output. */
    public static String invoke(String operation, String... args) {
        try {
            return (String) server().invoke(NAME, operation, new Object[] {args},
                    new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("diagnostic command " + operation + " failed: " + e.getMessage());
        }
    }

    /** Whether this JVM has {@code operation} (e.g. {@code systemTrimNativeHeap}, JDK 17.0.9 and later). */
    public static boolean supports(String operation) {
        try {
            return Arrays.stream(server().getMBeanInfo(NAME).getOperations()).anyMatch(o -> o.getName().equals(operation));
        } catch (JMException e) {
            return false;
        }
    }

    private static MBeanServer server() {
        return ManagementFactory.getPlatformMBeanServer();
    }
}
