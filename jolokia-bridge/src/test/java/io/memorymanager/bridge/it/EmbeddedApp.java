package io.memorymanager.bridge.it;

import io.memorymanager.MemoryManager;
import java.io.IOException;

/**
 * An application that embeds Memory Manager as a library, as the demo in {@code samples/} does: it installs it
 * itself, prints {@link #READY}, and closes it when its standard input closes.
 */
public final class EmbeddedApp {

    static final String READY = "embedded Memory Manager installed";

    private EmbeddedApp() {
    }

    public static void main(String[] args) throws IOException {
        MemoryManager mm = MemoryManager.install();
        try {
            System.out.println(READY);
            while (System.in.read() >= 0) {
                // wait for the test to close our standard input
            }
        } finally {
            mm.close();
        }
    }
}
