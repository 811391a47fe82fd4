package io.memorymanager.pool;

import io.memorymanager.internal.DescribedMBean;
import io.memorymanager.internal.ObjectNames;
import io.memorymanager.internal.Registrar;
import java.lang.management.ManagementFactory;
import java.lang.ref.ReferenceQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread-safe pool of reusable objects with exact statistics, sized on demand between {@code minIdle} and
 * {@code maxSize}, managed over JMX as {@code io.memorymanager:type=ObjectPool,name=<name>}.
 *
 * <pre>{@code
 * ObjectPool<ByteBuffer> buffers = ObjectPool.builder("buffers", () -> ByteBuffer.allocateDirect(65536))
 *         .maxSize(32).minIdle(4).idleTimeout(Duration.ofMinutes(5)).build();
 * try (Lease<ByteBuffer> lease = buffers.lease()) {
 *     use(lease.get());
 * }
 * }</pre>
 *
 * <p>The borrow/release fast path is one compare-and-set on a slot the thread used last (usually its own) and
 * plain stores to counters only that thread writes: no clock read and no shared contended atomic. Waiting,
 * creating, validating and destroying take the slow path; eviction, keeping {@code minIdle}, abandoned-loan and
 * leak detection run on one shared maintenance thread ({@link PoolHousekeeper}). Counting is {@link PoolCounters}'
 * job, and {@link #stats()} reads it all at once; the MBean is an adapter over the pool ({@link PoolControl}).
 *
 * <p>What is left here is long because it is one state machine: the slot states ({@link Slot}), the queue and the
 * disregard pile, capacity reservation, waiting, death and close all act on the same fields, and their ordering is
 * what makes the counts exact and no object lent twice; split across classes, each part would reach into the
 * others' fields.
 *
 * @param <T> the pooled type
 */
public final class ObjectPool<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectPool.class);

    /** Queued to wake a waiter: capacity freed (it may create) or an object went idle in place (look again). */
    private static final Object WAKE = new Object();
    /** Longest a waiter sleeps before it looks at the queue and the disregard pile again. */
    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Queued when the pool closes; whoever takes it puts it back, so every borrower sees it. */
    private static final Object CLOSED = new Object();

    private final String name;
    private final ObjectFactory<T> factory;
    private final long borrowTimeoutNanos;
    private volatile long idleTimeoutNanos;
    private final long abandonedNanos;
    private final boolean validateOnBorrow;
    private final boolean validateOnReturn;
    private final boolean captureStack;

    private final LinkedTransferQueue<Object> queue = new LinkedTransferQueue<>();
    /** Slots a poller found on loan through a thread's cache; back into the queue when it runs dry. */
    private final ConcurrentLinkedQueue<Slot<T>> disregarded = new ConcurrentLinkedQueue<>();
    private final PoolCounters<T> counts = new PoolCounters<>();
    private final CopyOnWriteArrayList<Slot<T>> slots = new CopyOnWriteArrayList<>();
    private final ReferenceQueue<T> leaks = new ReferenceQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile int maxSize;
    private volatile int minIdle;
    private volatile boolean closed;
    /** closed, or more objects alive than maxSize: a release then destroys instead of keeping. */
    private volatile boolean retireOnRelease;

    private final AtomicBoolean destroyWarned = new AtomicBoolean();

    private final ObjectName objectName;
    private final Registrar registrar;
    private final PoolControl control;
    private final PoolAutoSizer sizer;
    private final PoolHousekeeper<T> housekeeper;

    private ObjectPool(PoolConfig config, ObjectFactory<T> factory) {
        this.name = config.name();
        this.factory = factory;
        this.borrowTimeoutNanos = config.borrowTimeout().toNanos();
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        this.abandonedNanos = config.abandonedTimeout() == null ? 0 : config.abandonedTimeout().toNanos();
        this.validateOnBorrow = config.validateOnBorrow();
        this.validateOnReturn = config.validateOnReturn();
        this.captureStack = config.captureBorrowerStack();
        this.maxSize = config.maxSize();
        this.minIdle = config.minIdle();
        this.objectName = ObjectNames.of("ObjectPool", name);
        this.sizer = new PoolAutoSizer(new Sizes(), config.autoSizing(), PoolAutoSizer.platformGate(),
                this::resized);
        if (config.registerMBean()) {
            this.control = new PoolControl(this);
            this.registrar = new Registrar(ManagementFactory.getPlatformMBeanServer());
            if (!registrar.register(objectName, DescribedMBean.of(control, ObjectPoolMXBean.class, control.notifier()))) {
                throw new IllegalStateException("a pool named '" + name + "' is already registered as "
                        + objectName + "; pool names must be unique");
            }
        } else {
            this.control = null;
            this.registrar = null;
        }
        this.housekeeper = new PoolHousekeeper<>(this, abandonedNanos);
    }

    /** A builder for a pool called {@code name} whose objects {@code factory} makes. */
    public static <T> PoolBuilder<T> builder(String name, ObjectFactory<T> factory) {
        return new PoolBuilder<>(name, factory);
    }

    static <T> ObjectPool<T> create(PoolConfig config, ObjectFactory<T> factory) {
        return new ObjectPool<>(config, factory);
    }

    /** The pool's name. */
    public String name() {
        return name;
    }

    /** The pool's ObjectName. */
    public ObjectName objectName() {
        return objectName;
    }

    // ---------------------------------------------------------------------------------------------- borrow

    /**
     * Borrows an object, waiting up to the pool's borrow timeout when all are on loan.
     *
     * @throws PoolExhaustedException when none became free in time
     * @throws PoolClosedException when the pool is closed
     * @throws ObjectCreationException when the factory failed to create one
     */
    public T borrow() {
        return borrowNanos(borrowTimeoutNanos);
    }

    /** Borrows an object, waiting up to {@code timeout} when all are on loan. */
    public T borrow(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0, was " + timeout);
        }
        return borrowNanos(timeout.toNanos());
    }

    /** Borrows an object as a {@link Lease} that releases it on {@code close()}. */
    public Lease<T> lease() {
        return new Lease<>(this, borrow());
    }

    private T borrowNanos(long timeoutNanos) {
        ThreadCounters<T> counters = counters();
        Slot<T> cached = counters.cached;
        // No closed check: close() kills every idle slot, so a cached claim fails once the pool is closed.
        if (cached != null && cached.claimCached()) {
            T object = handOut(cached, counters);
            if (object != null) {
                return object;
            }
        }
        return borrowSlow(counters, timeoutNanos);
    }

    /**
     * This thread's counters: first from a small table indexed by thread id (one load and one compare), else from
     * the thread-local that is the source of truth. The table is a cache that threads overwrite freely.
     */
    private ThreadCounters<T> counters() {
        Thread current = Thread.currentThread();
        int index = (int) current.getId() & (FAST_COUNTERS - 1);
        ThreadCounters<T> c = fastCounters[index];
        if (c != null && c.owner == current) {
            return c;
        }
        c = local.get();
        if (c == null) {
            c = counts.newThread();
            local.set(c);
        }
        fastCounters[index] = c;
        return c;
    }

    private static final int FAST_COUNTERS = 64;
    @SuppressWarnings({"unchecked", "rawtypes"})
    private final ThreadCounters<T>[] fastCounters = new ThreadCounters[FAST_COUNTERS];
    private final ThreadLocal<ThreadCounters<T>> local = new ThreadLocal<>();

    // The slot is claimed by the caller. Null when its object failed validation (the slot is then dead).
    private T handOut(Slot<T> slot, ThreadCounters<T> counters) {
        T object = slot.object();
        slot.anchor = null;
        if (object == null) {
            kill(slot, null);
            return null;
        }
        if (validateOnBorrow && !isValid(object)) {
            counts.validationFailures.incrementAndGet();
            kill(slot, object);
            return null;
        }
        slot.owner = counters.ownerId;
        counters.borrowed(true);
        if (captureStack) {
            slot.borrowerStack = new Throwable("borrowed from pool '" + name + "' here");
        }
        return object;
    }

    private T borrowSlow(ThreadCounters<T> counters, long timeoutNanos) {
        long start = 0;
        boolean waited = false;
        for (;;) {
            if (closed) {
                throw closedException();
            }
            T object = drain(counters);
            if (object != null) {
                return waited ? recordWait(start, object) : object;
            }
            if (reserve()) {
                object = createForBorrow(counters);
                return waited ? recordWait(start, object) : object;
            }
            if (!waited) {
                start = System.nanoTime();
                waited = true;
            }
            long remaining = timeoutNanos - (System.nanoTime() - start);
            if (remaining <= 0) {
                recordWait(start, null);
                throw exhausted(timeoutNanos);
            }
            Object e;
            waiting.incrementAndGet();
            try {
                // Capacity may have freed after the check above but before we counted as waiting.
                if (reserve()) {
                    return recordWait(start, createForBorrow(counters));
                }
                e = queue.poll(Math.min(remaining, WAIT_SLICE_NANOS), TimeUnit.NANOSECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                recordWait(start, null);
                throw new PoolExhaustedException("pool '" + name + "': interrupted while waiting for an object");
            } finally {
                waiting.decrementAndGet();
            }
            if (e != null) {
                object = take(e, counters);
                if (object != null) {
                    return recordWait(start, object);
                }
            }
        }
    }

    /** Takes the first claimable slot off the queue, refilling it once from the disregard pile. */
    private T drain(ThreadCounters<T> counters) {
        boolean refilled = false;
        for (;;) {
            Object e = queue.poll();
            if (e == null) {
                if (refilled || !refill()) {
                    return null;
                }
                refilled = true;
                continue;
            }
            T object = take(e, counters);
            if (object != null) {
                return object;
            }
        }
    }

    private boolean refill() {
        boolean any = false;
        Slot<T> slot;
        while ((slot = disregarded.poll()) != null) {
            queue.offer(slot);
            any = true;
        }
        return any;
    }

    @SuppressWarnings("unchecked")
    private T take(Object e, ThreadCounters<T> counters) {
        if (e == CLOSED) {
            queue.offer(CLOSED);
            throw closedException();
        }
        if (e == WAKE) {
            return null;
        }
        Slot<T> slot = (Slot<T>) e;
        switch (slot.claimPolled()) {
            case Slot.TAKEN:
                counters.cached = slot;
                return handOut(slot, counters);
            case Slot.SET_ASIDE:
                disregarded.offer(slot);
                return null;
            default:
                return null;
        }
    }

    private boolean reserve() {
        for (;;) {
            int n = size.get();
            if (n >= maxSize) {
                return false;
            }
            if (size.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    // Capacity is reserved; on failure the reservation is given back and a waiter woken.
    private T createForBorrow(ThreadCounters<T> counters) {
        Slot<T> slot = newSlot();
        T object = slot.object();
        slot.anchor = null;   // on loan: only the borrower holds it, so that dropping it shows as a leak
        if (closed) {
            kill(slot, object);
            throw closedException();
        }
        counts.misses.incrementAndGet();
        slot.owner = counters.ownerId;
        counters.borrowed(false);
        counters.cached = slot;
        if (captureStack) {
            slot.borrowerStack = new Throwable("borrowed from pool '" + name + "' here");
        }
        return object;
    }

    private Slot<T> newSlot() {
        T object = null;
        try {
            object = factory.create();
            if (object == null) {
                throw new NullPointerException("the factory returned null");
            }
        } catch (Exception e) {
            throw new ObjectCreationException("pool '" + name + "': the factory failed to create an object: " + e, e);
        } finally {
            if (object == null) {
                size.decrementAndGet();
                counts.createFailures.incrementAndGet();
                signalCapacity();
            }
        }
        counts.created.incrementAndGet();
        Slot<T> slot = new Slot<>(object, leaks);
        // held strongly until whoever asked has it: the slot's own reference is weak, and a collection between here
        // and the caller's slot.object() would otherwise clear it
        slot.anchor = object;
        slots.add(slot);
        return slot;
    }

    private T recordWait(long start, T object) {
        counts.waited(System.nanoTime() - start);
        return object;
    }

    private PoolExhaustedException exhausted(long timeoutNanos) {
        return new PoolExhaustedException(String.format(
                "pool '%s' exhausted: no object became free within %d ms (maxSize %d, %d on loan, %d waiting)",
                name, TimeUnit.NANOSECONDS.toMillis(timeoutNanos), maxSize, active(), waiting.get()));
    }

    private PoolClosedException closedException() {
        return new PoolClosedException("pool '" + name + "' is closed");
    }

    // --------------------------------------------------------------------------------------------- release

    /**
     * Gives {@code object} back. An object that is not on loan from this pool (never borrowed here, or released
     * already) is refused with an {@link IllegalArgumentException} and changes nothing.
     */
    public void release(T object) {
        if (object == null) {
            throw new IllegalArgumentException("pool '" + name + "': cannot release null");
        }
        ThreadCounters<T> counters = counters();
        Slot<T> slot = counters.cached;
        if (slot == null || slot.object() != object) {
            slot = find(object);
            if (slot == null) {
                throw notOnLoan(object);
            }
        }
        int state = slot.state();
        if (!Slot.onLoan(state)) {
            throw notOnLoan(object);
        }
        boolean invalid = validateOnReturn && !isValid(object);
        if (invalid || retireOnRelease) {
            if (!slot.cas(state, Slot.with(state, Slot.DEAD))) {
                throw notOnLoan(object);
            }
            counters.returned();
            if (invalid) {
                counts.validationFailures.incrementAndGet();
            }
            destroy(slot, object);
            return;
        }
        slot.anchor = object;
        int idle = Slot.with(state, Slot.IDLE);
        if (slot.owner == counters.ownerId) {
            // The borrowing thread ends its own loan: nobody else changes that state, a release-store will do.
            slot.releaseOwnLoan(idle);
        } else if (!slot.cas(state, idle)) {
            throw notOnLoan(object);
        }
        counters.returned();
        if (counters.cached != slot) {
            counters.cached = slot;
        }
        if (Slot.kind(state) == Slot.CLAIMED) {
            queue.offer(slot);
        } else if (waiting.get() > 0) {
            // It went idle where it lies (queue or disregard pile): tell a sleeping waiter to look again.
            queue.offer(WAKE);
        }
        retireIfClosed(slot, idle);
    }

    // The pool may have closed between our check and the slot turning idle: close's sweep may have missed it.
    private void retireIfClosed(Slot<T> slot, int idleState) {
        if (closed) {
            retireIdle(slot, idleState);
        }
    }

    private Slot<T> find(T object) {
        for (Slot<T> s : slots) {
            if (s.object() == object) {
                return s;
            }
        }
        return null;
    }

    private IllegalArgumentException notOnLoan(T object) {
        return new IllegalArgumentException("pool '" + name + "': " + object.getClass().getName() + "@"
                + Integer.toHexString(System.identityHashCode(object))
                + " is not on loan from this pool (never borrowed here, or released already)");
    }

    private boolean isValid(T object) {
        try {
            return factory.validate(object);
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------- death and capacity

    /** Ends a slot the caller holds (claimed) and destroys its object. */
    private void kill(Slot<T> slot, T object) {
        if (slot.kill()) {
            destroy(slot, object);
        }
    }

    // The slot is dead and ours: drop it, free its capacity, destroy the object.
    private void destroy(Slot<T> slot, T object) {
        slot.anchor = null;
        slots.remove(slot);
        size.decrementAndGet();
        updateRetire();
        signalCapacity();
        counts.destroyed.incrementAndGet();
        if (object != null) {
            try {
                factory.destroy(object);
            } catch (Exception | LinkageError e) {
                if (destroyWarned.compareAndSet(false, true)) {
                    LOG.warn("Pool '{}': the factory failed to destroy an object (said once): {}", name, e.toString());
                }
            }
        }
    }

    private void updateRetire() {
        retireOnRelease = closed || size.get() > maxSize;
    }

    private void signalCapacity() {
        if (waiting.get() > 0) {
            queue.offer(WAKE);
        }
    }

    // ------------------------------------------------------------------------------- for the housekeeper

    /** The slots alive now (a snapshot the housekeeper walks). */
    List<Slot<T>> slots() {
        return slots;
    }

    long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    PoolCounters<T> counts() {
        return counts;
    }

    /** Ends an idle slot still in {@code idleState} as evicted; false if it was not idle any more. */
    boolean evict(Slot<T> slot, int idleState) {
        if (!retireIdle(slot, idleState)) {
            return false;
        }
        counts.evicted.incrementAndGet();
        return true;
    }

    /** Ends an idle slot whose state is still {@code state} and destroys its object; false if it was not. */
    private boolean retireIdle(Slot<T> slot, int state) {
        if (Slot.kind(state) != Slot.IDLE || !slot.cas(state, Slot.with(state, Slot.DEAD))) {
            return false;
        }
        destroy(slot, slot.object());
        return true;
    }

    /** Ends the slots of loaned objects that were collected: their borrowers dropped them without releasing. */
    @SuppressWarnings("unchecked")
    void reapLeaks() {
        Slot.Ref<T> ref;
        while ((ref = (Slot.Ref<T>) leaks.poll()) != null) {
            Slot<T> slot = ref.slot;
            if (slot.kill()) {
                counts.leaked.incrementAndGet();
                slot.anchor = null;
                slots.remove(slot);
                size.decrementAndGet();
                updateRetire();
                signalCapacity();
            }
        }
    }

    /** Retires idle objects while more are alive than MaxSize (after MaxSize was lowered). */
    void retireIdleAboveMax() {
        for (Slot<T> slot : slots) {
            if (size.get() <= maxSize) {
                return;
            }
            int state = slot.state();
            retireIdle(slot, state);
        }
    }

    /** Creates idle objects until MinIdle are idle or MaxSize are alive. */
    void keepMinIdle() {
        while (!closed && idle() < minIdle && reserve()) {
            Slot<T> slot;
            try {
                slot = newSlot();
            } catch (ObjectCreationException e) {
                LOG.debug("Pool '{}': could not create an object to keep minIdle: {}", name, e.getMessage());
                return;
            }
            slot.anchor = slot.object();
            int idle = Slot.with(slot.state(), Slot.IDLE);
            slot.releaseOwnLoan(idle);
            queue.offer(slot);
            retireIfClosed(slot, idle);
        }
    }

    /** One round of maintenance now, on the caller's thread (tests). */
    void maintain() {
        housekeeper.run();
    }

    /** Completed maintenance rounds, so that tests can wait for some to pass. */
    long maintenanceRounds() {
        return housekeeper.rounds();
    }

    // ---------------------------------------------------------------------------------------------- close

    /**
     * Closes the pool: destroys idle objects, fails waiting and later borrows with {@link PoolClosedException},
     * destroys loaned objects when they come back, and unregisters the MBean.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        retireOnRelease = true;
        queue.offer(CLOSED);
        housekeeper.cancel();
        for (Slot<T> slot : slots) {
            int state = slot.state();
            retireIdle(slot, state);
        }
        if (registrar != null) {
            registrar.close();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------------------------------- sizes and steering

    /** Most objects alive at once, idle or on loan. */
    public int maxSize() {
        return maxSize;
    }

    /**
     * Sets the most objects alive at once ({@code >= 1} and {@code >= minIdle}); lowering it retires objects as they
     * come back, raising it wakes waiters. An operator's size: auto-sizing, if on, goes off.
     */
    public void setMaxSize(int newMaxSize) {
        // the sizer's lock, then the pool's, as the sizer's own resizes take them: no round runs in between
        sizer.byOperator(() -> {
            synchronized (this) {
                int fromMax = maxSize;
                applyMaxSize(newMaxSize);
                return new int[] {fromMax, newMaxSize, minIdle, minIdle};
            }
        }, System.currentTimeMillis());
    }

    private synchronized void applyMaxSize(int newMaxSize) {
        PoolConfig.checkSizes(minIdle, newMaxSize);
        int before = maxSize;
        maxSize = newMaxSize;
        updateRetire();
        if (newMaxSize > before) {
            for (int i = 0; i < newMaxSize - before && waiting.get() > 0; i++) {
                queue.offer(WAKE);
            }
        }
    }

    /** How long an object above minIdle may stay idle before it is destroyed. */
    public Duration idleTimeout() {
        return Duration.ofNanos(idleTimeoutNanos);
    }

    /** Sets the idle timeout (positive); acts within a second. */
    public void setIdleTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be > 0, was " + timeout);
        }
        idleTimeoutNanos = timeout.toNanos();
    }

    /** Idle objects kept ready. */
    public int minIdle() {
        return minIdle;
    }

    /** Sets the idle objects kept ready (0 to maxSize). An operator's size: auto-sizing, if on, goes off. */
    public void setMinIdle(int newMinIdle) {
        sizer.byOperator(() -> {
            synchronized (this) {
                PoolConfig.checkSizes(newMinIdle, maxSize);
                int fromMin = minIdle;
                minIdle = newMinIdle;
                return new int[] {maxSize, maxSize, fromMin, newMinIdle};
            }
        }, System.currentTimeMillis());
    }

    /** Objects alive now, idle or on loan. */
    public int size() {
        return slots.size();
    }

    /** Objects on loan now. */
    public int active() {
        int n = 0;
        for (Slot<T> slot : slots) {
            if (Slot.onLoan(slot.state())) {
                n++;
            }
        }
        return n;
    }

    /** Objects idle now. */
    public int idle() {
        int n = 0;
        for (Slot<T> slot : slots) {
            if (Slot.kind(slot.state()) == Slot.IDLE) {
                n++;
            }
        }
        return n;
    }

    /** Borrowers waiting for an object now. */
    public int waiters() {
        return waiting.get();
    }

    /** The pool's sizes and every count since start (or the last reset), read at once. */
    public PoolStats stats() {
        int active = 0;
        int idle = 0;
        int alive = 0;
        for (Slot<T> slot : slots) {
            int state = slot.state();
            alive++;
            if (Slot.onLoan(state)) {
                active++;
            } else if (Slot.kind(state) == Slot.IDLE) {
                idle++;
            }
        }
        return counts.snapshot(alive, active, idle, waiting.get());
    }

    /**
     * Sets maxSize, retiring idle objects above it now, and returns the sizes before and after. An operator's size:
     * auto-sizing, if on, goes off until switched on again.
     */
    public PoolSizes resize(int newMaxSize) {
        int before = maxSize;
        setMaxSize(newMaxSize);
        if (newMaxSize < before) {
            retireIdleAboveMax();
        }
        return new PoolSizes(before, maxSize, size(), active(), idle());
    }

    // --------------------------------------------------------------------------------------------- auto-sizing

    /** The auto-sizing policy, null when none was set; whether it acts is {@link #isAutoSizing()}. */
    public AutoSizing autoSizing() {
        return sizer.policy();
    }

    /** Sets the auto-sizing policy and switches auto-sizing on; it acts from the next maintenance round. */
    public void autoSize(AutoSizing policy) {
        sizer.setPolicy(policy);
        sizer.setOn(true);
    }

    /**
     * Changes the auto-sizing policy at once ({@code change} gets the current one, null when none) and leaves
     * auto-sizing on or off as it was.
     */
    public void updateAutoSizing(java.util.function.UnaryOperator<AutoSizing> change) {
        sizer.updatePolicy(change);
    }

    /** Whether the pool sizes itself now. */
    public boolean isAutoSizing() {
        return sizer.isOn();
    }

    /**
     * Switches auto-sizing on (with the policy set before) or off.
     *
     * @throws IllegalStateException when switched on without a policy
     */
    public void setAutoSizing(boolean on) {
        sizer.setOn(on);
    }

    /** The last resize, by auto-sizing or an operator; null before any. */
    public PoolResize lastResize() {
        return sizer.last();
    }

    /** The last {@value PoolAutoSizer#HISTORY} resizes, oldest first. */
    public List<PoolResize> resizeHistory() {
        return sizer.history();
    }

    /** Why auto-sizing did not grow the pool when it was due (memory was tight); empty otherwise. */
    public String autoSizeHeldBack() {
        return sizer.heldBack();
    }

    void autoSizeRound(long nowNanos) {
        sizer.round(nowNanos, System.currentTimeMillis());
    }

    private void resized(PoolResize resize) {
        LOG.info("Pool '{}' resized by {}: maxSize {} -> {}, minIdle {} -> {}: {}", name, resize.by(),
                resize.fromMaxSize(), resize.toMaxSize(), resize.fromMinIdle(), resize.toMinIdle(), resize.reason());
        if (control != null) {
            control.resized(resize);
        }
    }

    /** What the auto-sizer reads and sets: its sizes are not an operator's. */
    private final class Sizes implements PoolAutoSizer.Sizable {
        @Override
        public int maxSize() {
            return maxSize;
        }

        @Override
        public int minIdle() {
            return minIdle;
        }

        @Override
        public int active() {
            return ObjectPool.this.active();
        }

        @Override
        public PoolStats stats() {
            return ObjectPool.this.stats();
        }

        @Override
        public boolean apply(int expectedMaxSize, int expectedMinIdle, int newMaxSize, int newMinIdle) {
            int before;
            synchronized (ObjectPool.this) {
                if (maxSize != expectedMaxSize || minIdle != expectedMinIdle) {
                    return false;       // an operator changed the sizes meanwhile: theirs stand
                }
                before = maxSize;
                if (newMinIdle < minIdle) {
                    minIdle = newMinIdle;
                }
                applyMaxSize(newMaxSize);
                PoolConfig.checkSizes(newMinIdle, maxSize);
                minIdle = newMinIdle;
            }
            if (newMaxSize < before) {
                retireIdleAboveMax();
            }
            return true;
        }
    }

    /** Destroys idle objects above minIdle now; returns how many. */
    public int evictIdle() {
        int evictedNow = 0;
        int aboveMin = idle() - minIdle;
        for (Slot<T> slot : slots) {
            if (evictedNow >= aboveMin) {
                break;
            }
            int state = slot.state();
            if (Slot.kind(state) == Slot.IDLE && evict(slot, state)) {
                evictedNow++;
            }
        }
        return evictedNow;
    }

    /** Starts every count afresh; objects on loan count as borrowed (hits) after it. */
    public void resetStatistics() {
        counts.reset();
    }

    @Override
    public String toString() {
        return "ObjectPool[" + name + ", size " + size() + "/" + maxSize + "]";
    }
}
