package io.memorymanager.bridge.it;

import java.io.IOException;

/**
 * The application the integration tests attach the agent to, in a child JVM. Modes:
 * {@code run} returns from main at once; {@code serve} returns when its standard input closes; {@code clash}
 * first uses the application's own SLF4J and Jolokia classes and prints where they came from.
 */
public final class HostApp {

    private HostApp() {
    }

    public static void main(String[] args) throws IOException, ClassNotFoundException {
        System.out.println("host main start");
        String mode = args.length == 0 ? "run" : args[0];
        if (mode.equals("clash")) {
            Clash.useOwnLibraries();
        }
        if (!mode.equals("run")) {
            while (System.in.read() >= 0) {
                // wait for the test to close our standard input
            }
        }
        System.out.println("host main done");
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
}
