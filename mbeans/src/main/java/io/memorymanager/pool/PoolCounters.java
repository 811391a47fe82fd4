package io.memorymanager.pool;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pool's counting, apart from its lending: borrows, hits and returns per thread (each thread writes its own, see
 * {@link ThreadCounters}), the rarer events in shared atomics, dead threads' counts folded in, and the baseline of
 * the last reset. {@link #snapshot} reads them all at once into a {@link PoolStats}.
 */
final class PoolCounters<T> {

    private final ConcurrentLinkedQueue<ThreadCounters<T>> threads = new ConcurrentLinkedQueue<>();

    final AtomicLong misses = new AtomicLong();
    final AtomicLong created = new AtomicLong();
    final AtomicLong destroyed = new AtomicLong();
    final AtomicLong createFailures = new AtomicLong();
    final AtomicLong validationFailures = new AtomicLong();
    final AtomicLong evicted = new AtomicLong();
    final AtomicLong abandoned = new AtomicLong();
    final AtomicLong leaked = new AtomicLong();
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong waitNanos = new AtomicLong();
    private final AtomicLong maxWaitNanos = new AtomicLong();

    // Counts of threads that died, and the reading of the last reset; guarded by 'this'.
    private long foldedHits;
    private long foldedReturns;
    private PoolStats baseline;

    /** Counters for the calling thread, counted from now on; the pool calls this once per thread. */
    ThreadCounters<T> newThread() {
        ThreadCounters<T> c = new ThreadCounters<>(Thread.currentThread());
        threads.add(c);
        return c;
    }

    /** A borrow that waited {@code nanos}, whether or not it got an object. */
    void waited(long nanos) {
        waits.incrementAndGet();
        waitNanos.addAndGet(nanos);
        maxWaitNanos.accumulateAndGet(nanos, Math::max);
    }

    /** Folds the counts of threads that have died into the totals, so that their counters can go. */
    synchronized void foldDeadThreads() {
        for (Iterator<ThreadCounters<T>> it = threads.iterator(); it.hasNext();) {
            ThreadCounters<T> c = it.next();
            if (!c.owner.isAlive()) {
                foldedHits += c.hits();
                foldedReturns += c.returns();
                it.remove();
            }
        }
    }

    /** Counters of threads still alive, for tests. */
    int liveThreads() {
        return threads.size();
    }

    /**
     * Every count at once with the given sizes, less the baseline of the last reset. The borrows are the hits plus
     * the misses (each borrow is one or the other), so that {@code hitCount + missCount == borrowCount} holds in
     * every reading, even one taken while the pool is busy.
     */
    synchronized PoolStats snapshot(int size, int active, int idle, int waiters) {
        PoolStats raw = raw(size, active, idle, waiters);
        return baseline == null ? raw : raw.minus(baseline);
    }

    /**
     * Starts every count afresh. Objects on loan count as borrowed, as hits, after it, so that when the pool is quiet
     * {@code borrowCount == returnCount + active + leakedCount} and {@code hitCount + missCount == borrowCount} still
     * hold. The baseline comes from the counts alone (borrows on loan = borrows - returns - leaked), not from the
     * slots, so that a borrow or return racing the reset cannot offset it for good. The longest wait starts again
     * from zero.
     */
    synchronized void reset() {
        PoolStats raw = raw(0, 0, 0, 0);
        long borrows = raw.returnCount() + raw.leakedCount();
        baseline = new PoolStats(0, 0, 0, 0, borrows, raw.returnCount(), borrows - raw.missCount(), raw.missCount(), 0,
                raw.createdCount(), raw.destroyedCount(), raw.createFailureCount(), raw.validationFailureCount(),
                raw.evictedCount(), raw.abandonedCount(), raw.leakedCount(), raw.borrowWaitCount(),
                raw.totalBorrowWaitMillis(), 0, 0);
        maxWaitNanos.set(0);
    }

    private PoolStats raw(int size, int active, int idle, int waiters) {
        long returns = foldedReturns;
        long hits = foldedHits;
        for (ThreadCounters<T> c : threads) {
            returns += c.returns();
            hits += c.hits();
        }
        long missCount = misses.get();
        long waitCount = waits.get();
        return new PoolStats(size, active, idle, waiters, hits + missCount, returns, hits, missCount, 0,
                created.get(), destroyed.get(), createFailures.get(), validationFailures.get(), evicted.get(),
                abandoned.get(), leaked.get(), waitCount, waitNanos.get() / 1e6, 0, maxWaitNanos.get() / 1e6);
    }
}
