package io.memorymanager.internal;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/** Memory Manager's background threads: daemons, so they never keep the host JVM alive, named for their owner. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A one-thread scheduler whose thread is a daemon called {@code name}; cancelled tasks are removed. */
    public static ScheduledThreadPoolExecutor scheduler(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
