package io.memorymanager.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's hit and return counts for one pool, and the slot it used last. Only its thread writes it,
 * with plain (opaque) stores: exact counting without a shared atomic on the borrow/release path. The pool sums
 * all threads' counters to report, and folds a dead thread's into its totals.
 */
final class ThreadCounters<T> {

    private static final VarHandle HITS;
    private static final VarHandle RETURNS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HITS = l.findVarHandle(ThreadCounters.class, "hits", long.class);
            RETURNS = l.findVarHandle(ThreadCounters.class, "returns", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread owner;
    /** The owner's id, which slots record as their borrower's. */
    final long ownerId;
    /** The slot this thread borrowed last: its first try on the next borrow. */
    Slot<T> cached;
    @SuppressWarnings("unused") // through HITS
    private long hits;
    @SuppressWarnings("unused") // through RETURNS
    private long returns;

    ThreadCounters(Thread owner) {
        this.owner = owner;
        this.ownerId = owner.getId();
    }

    /** A borrow: a hit is counted here; a miss in the pool's shared count (borrows are hits plus misses). */
    void borrowed(boolean hit) {
        if (hit) {
            HITS.setOpaque(this, (long) HITS.getOpaque(this) + 1);
        }
    }

    void returned() {
        RETURNS.setOpaque(this, (long) RETURNS.getOpaque(this) + 1);
    }

    long hits() {
        return (long) HITS.getOpaque(this);
    }

    long returns() {
        return (long) RETURNS.getOpaque(this);
    }
}
