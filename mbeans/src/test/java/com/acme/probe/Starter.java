package com.acme.probe;

import java.util.concurrent.locks.LockSupport;

/** An application class that starts threads, for the leak probe to name. */
public final class Starter {

    private Starter() {
    }

    /** Starts a daemon thread named {@code name} that parks until interrupted. */
    public static Thread park(String name) {
        Thread t = new Thread(LockSupport::park, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
