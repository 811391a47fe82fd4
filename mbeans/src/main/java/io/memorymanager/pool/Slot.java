package io.memorymanager.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * One object of a pool and its state.
 *
 * <p>The state packs a kind (the low two bits: {@link #IDLE}, {@link #CLAIMED}, {@link #TL_CLAIMED},
 * {@link #DEAD}) and a loan stamp (the rest), which every claim increments. A release compares-and-sets against
 * the exact state it saw, so a stale release (the same object released twice, racing) can never end a later loan;
 * and the stamp tells the maintenance thread whether a slot was used between two of its looks, with no counter
 * written on the borrow/release path.
 *
 * <p>A slot that is IDLE or TL_CLAIMED (claimed through a thread's cache) is in exactly one of its pool's idle
 * queue and its disregard pile; a CLAIMED slot (taken off the queue, or new) is in neither, so its release queues
 * it. Pollers never change a TL-claimed slot: they set it aside on the disregard pile, which goes back into the
 * queue when the queue runs dry. That is what lets the borrowing thread release with a plain release-store, no
 * compare-and-set: no other thread may change the state of its loan.
 *
 * <p>Claimers take the object through {@link #object()}, a weak reference. The strong {@link #anchor} is set
 * while the object is idle and cleared while it is on loan, so that a borrower who drops the object without
 * releasing it lets it be collected, and the pool notices.
 */
final class Slot<T> {

    static final int IDLE = 0;
    static final int CLAIMED = 1;
    static final int TL_CLAIMED = 2;
    static final int DEAD = 3;
    private static final int KIND = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Slot.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The weak reference through which the pool learns of a loaned object that was dropped. */
    static final class Ref<T> extends WeakReference<T> {
        final Slot<T> slot;

        Ref(T referent, ReferenceQueue<? super T> queue, Slot<T> slot) {
            super(referent, queue);
            this.slot = slot;
        }
    }

    private volatile int state;
    /** Holds the object strongly while it is idle; null while on loan. */
    T anchor;
    final Ref<T> ref;
    /** The borrower's stack, when the pool captures it. */
    volatile Throwable borrowerStack;
    /** The id of the thread that claimed the current loan (ids are never reused); written by it at the claim. */
    long owner;

    // The maintenance thread's bookkeeping (that thread alone reads and writes these).
    int seenState = -1;
    long sinceNanos;
    boolean abandonedReported;

    /** A slot holding a new object, on loan (CLAIMED, stamp 1) to its creator. */
    Slot(T object, ReferenceQueue<? super T> leaks) {
        this.ref = new Ref<>(object, leaks, this);
        this.state = (1 << 2) | CLAIMED;
    }

    static int kind(int state) {
        return state & KIND;
    }

    /** The state with the same stamp and another kind. */
    static int with(int state, int kind) {
        return (state & ~KIND) | kind;
    }

    /** The state of the next loan: stamp + 1, kind {@code kind}. */
    static int nextLoan(int state, int kind) {
        return (((state >>> 2) + 1) << 2) | kind;
    }

    static boolean onLoan(int state) {
        int k = kind(state);
        return k == CLAIMED || k == TL_CLAIMED;
    }

    int state() {
        return state;
    }

    boolean cas(int expected, int next) {
        return STATE.compareAndSet(this, expected, next);
    }

    /** Claims the slot if it is idle, through a thread's cache (it stays queued). */
    boolean claimCached() {
        int s = state;
        return kind(s) == IDLE && STATE.compareAndSet(this, s, nextLoan(s, TL_CLAIMED));
    }

    /** What a poller may do with a slot it took off the queue. */
    static final int TAKEN = 0;
    static final int SET_ASIDE = 1;
    static final int DROP = 2;

    /**
     * Claims a slot just taken off the queue: {@link #TAKEN} when it was idle and is now CLAIMED by the caller,
     * {@link #SET_ASIDE} when it is on loan through a thread's cache (it goes on the disregard pile), {@link #DROP}
     * when it is dead.
     */
    int claimPolled() {
        for (;;) {
            int s = state;
            switch (kind(s)) {
                case IDLE:
                    if (STATE.compareAndSet(this, s, nextLoan(s, CLAIMED))) {
                        return TAKEN;
                    }
                    break;
                case DEAD:
                    return DROP;
                default:
                    return SET_ASIDE;
            }
        }
    }

    /** Ends the caller's own loan: a release-store, valid only because no other thread changes a loan's state. */
    void releaseOwnLoan(int idleState) {
        STATE.setRelease(this, idleState);
    }

    /** Ends the slot whatever its kind; false if it was dead already. */
    boolean kill() {
        for (;;) {
            int s = state;
            if (kind(s) == DEAD) {
                return false;
            }
            if (STATE.compareAndSet(this, s, with(s, DEAD))) {
                return true;
            }
        }
    }

    /** The object, idle or on loan, or null once collected. */
    T object() {
        return ref.get();
    }
}
