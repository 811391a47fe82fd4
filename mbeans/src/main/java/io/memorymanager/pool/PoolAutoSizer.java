package io.memorymanager.pool;

import io.memorymanager.internal.Round;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The engine of {@link AutoSizing}: driven by the pool's maintenance rounds (never by a borrow), it reads the
 * pool's counts once a second ({@link #EVALUATION_NANOS}), judges the second's waits and the peak on loan against
 * the policy, and resizes through {@link Sizable#apply}. Every resize, its own or an operator's, is recorded
 * ({@link #history()}, the last {@link #HISTORY} kept) and handed to the listener (the MBean's notification). An
 * operator's resize turns auto-sizing off: the operator wins until it is switched on again, also when the two
 * race (an operator's change runs under the sizer's lock, and a resize applies only over the sizes it was judged
 * on). Locks: always the sizer's, then the pool's.
 *
 * <p>Time comes in as arguments, so that tests drive it with a manual clock and a scripted pool.
 */
final class PoolAutoSizer {

    static final int HISTORY = 32;
    static final long EVALUATION_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long NEVER = Long.MIN_VALUE;
    private static final double GROWTH = 0.25;
    private static final double SHRINK_HEADROOM = 1.5;
    /** At most this share on loan at the peak is idling; below the 2/3 that a shrink to 1.5 times the peak leaves. */
    private static final double IDLE_SHARE = 0.6;
    static final int MAX_SHRINK_BACKOFF = 16;

    /** What the sizer reads of the pool and how it resizes it. */
    interface Sizable {
        int maxSize();

        int minIdle();

        int active();

        PoolStats stats();

        /**
         * Sets both sizes (minIdle first lowered if needed) without turning auto-sizing off, if they are still the
         * expected ones; false (nothing changed) when an operator changed them meanwhile.
         */
        boolean apply(int expectedMaxSize, int expectedMinIdle, int maxSize, int minIdle);
    }

    /** Why growth must wait now (memory is tight), or null when it may grow. */
    interface MemoryGate {
        String blocksGrowth();
    }

    private final Sizable pool;
    private final MemoryGate gate;
    private final Consumer<PoolResize> listener;
    private final Deque<PoolResize> history = new ArrayDeque<>();
    private volatile AutoSizing policy;
    private volatile boolean on;
    private volatile String heldBack = "";

    private PoolStats last;
    private long lastEvalNanos = NEVER;
    private int lastWaiters;
    private int roundPeak;
    private long growSince = NEVER;
    private double waitedMillis;
    private long waitedBorrows;
    private long shrinkSince = NEVER;
    private int shrinkPeak;
    private long lastResizeNanos = NEVER;
    private boolean lastWasShrink;
    /** Doubles (up to {@link #MAX_SHRINK_BACKOFF}) whenever a growth undoes a shrink: a swinging load damps out. */
    private int shrinkBackoff = 1;

    PoolAutoSizer(Sizable pool, AutoSizing policy, MemoryGate gate, Consumer<PoolResize> listener) {
        this.pool = pool;
        this.gate = gate;
        this.listener = listener;
        this.policy = policy;
        this.on = policy != null;
    }

    AutoSizing policy() {
        return policy;
    }

    boolean isOn() {
        return on;
    }

    /** Why the last growth that was due did not happen (memory was tight), empty when none was held back. */
    String heldBack() {
        return heldBack;
    }

    /** Sets the policy; auto-sizing stays on or off as it was. The next evaluation applies its limits. */
    synchronized void setPolicy(AutoSizing newPolicy) {
        policy = java.util.Objects.requireNonNull(newPolicy, "policy");
        restartWindows();
    }

    /** Switches auto-sizing on (with its policy's limits from the next evaluation) or off. */
    synchronized void setOn(boolean enable) {
        if (enable && policy == null) {
            throw new IllegalStateException("auto-sizing has no limits yet: set AutoSizeFloor and AutoSizeCeiling "
                    + "(or build the pool with autoSize(AutoSizing.between(floor, ceiling)))");
        }
        on = enable;
        restartWindows();
    }

    /** Changes the policy from the current one (null when none) at once; on or off stays as it was. */
    synchronized void updatePolicy(java.util.function.UnaryOperator<AutoSizing> change) {
        setPolicy(change.apply(policy));
    }

    /**
     * An operator's change of the sizes, made by {@code change} (which takes the pool's lock and returns from-max,
     * to-max, from-min, to-min) under the sizer's lock, so that no round judges between the change and its record.
     */
    synchronized void byOperator(java.util.function.Supplier<int[]> change, long nowMillis) {
        int[] c = change.get();
        operatorResized(c[0], c[1], c[2], c[3], nowMillis);
    }

    /** An operator set the sizes: recorded, and auto-sizing is off until switched on again. */
    synchronized void operatorResized(int fromMax, int toMax, int fromMin, int toMin, long nowMillis) {
        boolean wasOn = on;
        on = false;
        restartWindows();
        if (fromMax != toMax || fromMin != toMin) {
            record(new PoolResize(nowMillis, fromMax, toMax, fromMin, toMin, "operator", wasOn
                    ? "set by an operator; auto-sizing is off until it is switched on again" : "set by an operator"));
        }
    }

    synchronized List<PoolResize> history() {
        return List.copyOf(history);
    }

    synchronized PoolResize last() {
        return history.peekLast();
    }

    /** One maintenance round; evaluates at most once per {@link #EVALUATION_NANOS}. */
    synchronized void round(long nowNanos, long nowMillis) {
        if (!on) {
            // off: nothing read (switching on restarts the windows; the first evaluation only records)
            last = null;
            lastEvalNanos = NEVER;
            roundPeak = 0;
            return;
        }
        roundPeak = Math.max(roundPeak, pool.active());
        if (lastEvalNanos != NEVER && nowNanos - lastEvalNanos < EVALUATION_NANOS) {
            return;
        }
        PoolStats stats = pool.stats();
        roundPeak = Math.max(roundPeak, stats.active());
        PoolStats since = last == null ? null : stats.minus(last);
        long from = lastEvalNanos;
        int waitersBefore = lastWaiters;
        int peak = roundPeak;
        last = stats;
        lastEvalNanos = nowNanos;
        lastWaiters = stats.waiters();
        roundPeak = 0;
        AutoSizing p = policy;
        if (p == null || since == null) {
            return;
        }
        int max = pool.maxSize();
        int min = pool.minIdle();
        if (max < p.floor() || max > p.ceiling()) {
            int to = Math.max(p.floor(), Math.min(p.ceiling(), max));
            resize(max, to, min, Math.min(min, to), nowNanos, nowMillis, String.format(
                    "auto-sizing on: maxSize brought within its limits (%d to %d)", p.floor(), p.ceiling()));
            return;
        }
        judgeWaits(p, since, stats, waitersBefore, from);
        judgeIdle(since, stats, peak, max, from);
        boolean calm = lastResizeNanos == NEVER || nowNanos - lastResizeNanos >= p.calmDown().toNanos();
        if (growSince != NEVER && nowNanos - growSince >= p.growAfter().toNanos() && calm && max < p.ceiling()) {
            String blocked = gate.blocksGrowth();
            if (blocked != null) {
                heldBack = "growth held back: " + blocked + " (memory wins over speed)";
                return;
            }
            heldBack = "";
            if (lastWasShrink) {
                shrinkBackoff = Math.min(MAX_SHRINK_BACKOFF, shrinkBackoff * 2);
            }
            int to = Math.min(p.ceiling(), max + Math.max(1, (int) Math.ceil(max * GROWTH)));
            String mean = waitedBorrows == 0 ? "" : String.format("a mean %s ms (target %s ms)",
                    Round.millis(waitedMillis / waitedBorrows), Round.millis(p.targetWait().toNanos() / 1e6));
            resize(max, to, min, min, nowNanos, nowMillis, String.format("borrowers waited %s over %s, %d borrows "
                    + "waited, %d waiting now: maxSize %d -> %d", mean.isEmpty() ? "throughout" : mean,
                    seconds(nowNanos - growSince), waitedBorrows, stats.waiters(), max, to));
        } else if (shrinkSince != NEVER && nowNanos - shrinkSince >= p.shrinkAfter().toNanos() * shrinkBackoff && calm
                && max > p.floor()) {
            int to = Math.max(p.floor(), Math.max(stats.active(), (int) Math.ceil(shrinkPeak * SHRINK_HEADROOM)));
            to = Math.max(1, to);
            if (to < max) {
                int toMin = Math.min(min, (int) Math.ceil(min * (double) to / max));
                resize(max, to, min, toMin, nowNanos, nowMillis, String.format("no borrow waited and at most %d "
                        + "objects were on loan at once over %s: maxSize %d -> %d, minIdle %d -> %d", shrinkPeak,
                        seconds(nowNanos - shrinkSince), max, to, min, toMin));
            }
        }
    }

    // Waits past the target, or borrowers waiting at two evaluations in a row, keep the growth window open.
    private void judgeWaits(AutoSizing p, PoolStats since, PoolStats now, int waitersBefore, long from) {
        boolean slow = since.borrowWaitCount() > 0
                && since.totalBorrowWaitMillis() / since.borrowWaitCount() > p.targetWait().toNanos() / 1e6;
        // borrowers waiting at both ends of a second in which none finished waiting: waits longer than a second
        boolean stuck = since.borrowWaitCount() == 0 && now.waiters() > 0 && waitersBefore > 0;
        if (slow || stuck) {
            if (growSince == NEVER) {
                growSince = from;
                waitedMillis = 0;
                waitedBorrows = 0;
            }
            waitedMillis += since.totalBorrowWaitMillis();
            waitedBorrows += since.borrowWaitCount();
        } else {
            growSince = NEVER;
            heldBack = "";
        }
    }

    // No wait at all and at most 60% on loan at the peak keep the shrink window open; its peak is the window's.
    private void judgeIdle(PoolStats since, PoolStats now, int peak, int max, long from) {
        if (since.borrowWaitCount() == 0 && now.waiters() == 0 && peak <= IDLE_SHARE * max) {
            if (shrinkSince == NEVER) {
                shrinkSince = from;
                shrinkPeak = peak;
            } else {
                shrinkPeak = Math.max(shrinkPeak, peak);
            }
        } else {
            shrinkSince = NEVER;
            shrinkPeak = 0;
        }
    }

    private void resize(int fromMax, int toMax, int fromMin, int toMin, long nowNanos, long nowMillis, String why) {
        if (!pool.apply(fromMax, fromMin, toMax, toMin)) {
            restartWindows();
            return;
        }
        lastResizeNanos = nowNanos;
        lastWasShrink = toMax < fromMax;
        restartWindows();
        record(new PoolResize(nowMillis, fromMax, toMax, fromMin, toMin, "auto", why));
    }

    private void record(PoolResize resize) {
        history.addLast(resize);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
        listener.accept(resize);
    }

    private void restartWindows() {
        growSince = NEVER;
        shrinkSince = NEVER;
        shrinkPeak = 0;
        waitedMillis = 0;
        waitedBorrows = 0;
        heldBack = "";
    }

    private static String seconds(long nanos) {
        long s = Math.round(nanos / 1e9);
        return s < 120 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }

    /**
     * Memory Manager's own view of memory, read from the platform MBeanServer (so that a pool in the application's
     * class loader sees the agent's Monitor and breakers): the Monitor's pressure at HIGH or worse, or an open
     * circuit breaker, holds growth back. Without a Monitor or breakers registered, nothing does.
     */
    static MemoryGate platformGate() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return () -> {
            try {
                ObjectName monitor = new ObjectName("io.memorymanager:type=Monitor");
                if (server.isRegistered(monitor)) {
                    Object level = server.getAttribute(monitor, "PressureLevel");
                    if ("HIGH".equals(String.valueOf(level)) || "CRITICAL".equals(String.valueOf(level))) {
                        return "memory pressure is " + level;
                    }
                }
                for (ObjectName breaker : server.queryNames(new ObjectName("io.memorymanager:type=CircuitBreaker,*"),
                        null)) {
                    if ("OPEN".equals(String.valueOf(server.getAttribute(breaker, "State")))) {
                        return "circuit breaker " + breaker.getKeyProperty("name") + " is open";
                    }
                }
                return null;
            } catch (JMException | RuntimeException e) {
                return null;
            }
        };
    }
}
