package io.memorymanager.pool;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool's upkeep, off the borrow path, on the shared maintenance thread ({@link PoolMaintenance}): idle objects
 * past the idle timeout evicted down to minIdle, loans past the abandoned threshold reported (once each), loaned
 * objects that were collected reaped, objects above a lowered maxSize retired, minIdle refilled, dead threads'
 * counts folded in, and the pool's auto-sizing driven ({@link PoolAutoSizer}, once a second).
 */
final class PoolHousekeeper<T> implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolHousekeeper.class);

    private final ObjectPool<T> pool;
    private final long abandonedNanos;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicBoolean abandonedWarned = new AtomicBoolean();
    private final ScheduledFuture<?> schedule;

    /** Starts the upkeep of {@code pool}; {@code abandonedNanos} 0 when loans are never reported abandoned. */
    PoolHousekeeper(ObjectPool<T> pool, long abandonedNanos) {
        this.pool = pool;
        this.abandonedNanos = abandonedNanos;
        this.schedule = PoolMaintenance.schedule(this, periodNanos(pool.idleTimeoutNanos(), abandonedNanos));
    }

    /** A quarter of the shortest timeout, from 10 ms to 1 s (so an idle timeout shortened later acts within 1 s). */
    static long periodNanos(long idleTimeoutNanos, long abandonedNanos) {
        long period = Math.min(idleTimeoutNanos, abandonedNanos > 0 ? abandonedNanos : Long.MAX_VALUE) / 4;
        return Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(period, TimeUnit.SECONDS.toNanos(1)));
    }

    /** One round; an object's idle or loan time is measured from the first round that saw it in that state. */
    @Override
    public void run() {
        long now = System.nanoTime();
        pool.reapLeaks();
        pool.counts().foldDeadThreads();
        if (pool.isClosed()) {
            return;
        }
        long idleTimeoutNanos = pool.idleTimeoutNanos();
        int idleAboveMin = pool.idle() - pool.minIdle();
        for (Slot<T> slot : pool.slots()) {
            int state = slot.state();
            if (state != slot.seenState) {
                slot.seenState = state;
                slot.sinceNanos = now;
                slot.abandonedReported = false;
                continue;
            }
            long unchanged = now - slot.sinceNanos;
            if (Slot.kind(state) == Slot.IDLE && idleAboveMin > 0 && unchanged >= idleTimeoutNanos
                    && pool.evict(slot, state)) {
                idleAboveMin--;
            } else if (Slot.onLoan(state) && abandonedNanos > 0 && unchanged >= abandonedNanos
                    && !slot.abandonedReported) {
                slot.abandonedReported = true;
                reportAbandoned(slot, unchanged);
            }
        }
        pool.retireIdleAboveMax();
        pool.autoSizeRound(now);
        pool.keepMinIdle();
        rounds.incrementAndGet();
    }

    long rounds() {
        return rounds.get();
    }

    void cancel() {
        schedule.cancel(false);
    }

    private void reportAbandoned(Slot<T> slot, long nanos) {
        pool.counts().abandoned.incrementAndGet();
        if (abandonedWarned.compareAndSet(false, true)) {
            Throwable stack = slot.borrowerStack;
            String message = "Pool '{}': an object has been on loan for {} ms, past the abandoned threshold of {} ms"
                    + (stack == null ? " (enable borrower-stack capture to see who borrowed it); further abandoned "
                    + "loans are counted, not logged" : "; further abandoned loans are counted, not logged");
            LOG.warn(message, pool.name(), TimeUnit.NANOSECONDS.toMillis(nanos),
                    TimeUnit.NANOSECONDS.toMillis(abandonedNanos), stack);
        }
    }
}
