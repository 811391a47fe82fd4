package io.memorymanager.pool;

import io.memorymanager.internal.DaemonThreads;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one daemon thread ({@code memory-manager-pool-maintenance}) that every pool's eviction, minIdle, leak and
 * abandoned-loan checks share, so that none of it runs on a borrow.
 */
final class PoolMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(PoolMaintenance.class);
    private static final ScheduledThreadPoolExecutor EXECUTOR = DaemonThreads.scheduler("memory-manager-pool-maintenance");

    private PoolMaintenance() {
    }

    /** Runs {@code task} every {@code periodNanos}; a task that throws is logged once and keeps its schedule. */
    static ScheduledFuture<?> schedule(Runnable task, long periodNanos) {
        AtomicBoolean warned = new AtomicBoolean();
        return EXECUTOR.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException | LinkageError e) {
                if (warned.compareAndSet(false, true)) {
                    LOG.warn("Pool maintenance failed (said once per pool): {}", e.toString(), e);
                }
            }
        }, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }
}
