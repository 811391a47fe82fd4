package io.memorymanager.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's borrow, hit and return counts for one pool, and the slot it used last. Only its thread writes it,
 * with plain (opaque) stores: exact counting without a shared atomic on the borrow/release path. The pool sums
 * all threads' counters to report, and folds a dead thread's into its totals.
 */
final class ThreadCounters<T> {

    private static final VarHandle BORROWS;
    private static final VarHandle HITS;
    private static final VarHandle RETURNS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            BORROWS = l.findVarHandle(ThreadCounters.class, "borrows", long.class);
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
    @SuppressWarnings("unused") // through BORROWS
    private long borrows;
    @SuppressWarnings("unused") // through HITS
    private long hits;
    @SuppressWarnings("unused") // through RETURNS
    private long returns;

    ThreadCounters(Thread owner) {
        this.owner = owner;
        this.ownerId = owner.getId();
    }

    void borrowed(boolean hit) {
        BORROWS.setOpaque(this, (long) BORROWS.getOpaque(this) + 1);
        if (hit) {
            HITS.setOpaque(this, (long) HITS.getOpaque(this) + 1);
        }
    }

    void returned() {
        RETURNS.setOpaque(this, (long) RETURNS.getOpaque(this) + 1);
    }

    long borrows() {
        return (long) BORROWS.getOpaque(this);
    }

    long hits() {
        return (long) HITS.getOpaque(this);
    }

    long returns() {
        return (long) RETURNS.getOpaque(this);
    }
}
