package io.memorymanager.pool;

import io.memorymanager.internal.Notifier;
import java.time.Duration;
import java.util.List;
import javax.management.MBeanNotificationInfo;

/**
 * The MXBean of one pool: an adapter that reads the pool and steers it. The counters come from one
 * {@link ObjectPool#stats()} each; {@code Stats} gives them all at once, consistent with each other.
 */
final class PoolControl implements ObjectPoolMXBean {

    /** The notification of a resize, by auto-sizing or an operator; its user data is a {@link PoolResize}. */
    static final String RESIZED = "io.memorymanager.pool.resized";

    private final ObjectPool<?> pool;
    private final Notifier notifier;

    PoolControl(ObjectPool<?> pool) {
        this.pool = pool;
        this.notifier = new Notifier(pool.objectName(), new MBeanNotificationInfo(new String[] {RESIZED},
                javax.management.Notification.class.getName(), "The pool was resized (auto-sizing or an operator)"));
    }

    void resized(PoolResize resize) {
        if (notifier.hasListeners()) {
            notifier.send(RESIZED, resize.timeMillis(), "Pool '" + pool.name() + "' resized by " + resize.by()
                    + ": MaxSize " + resize.fromMaxSize() + " -> " + resize.toMaxSize() + ", MinIdle "
                    + resize.fromMinIdle() + " -> " + resize.toMinIdle() + ": " + resize.reason(), resize);
        }
    }

    /** Where the pool's MBean sends its notifications from. */
    Notifier notifier() {
        return notifier;
    }

    @Override
    public boolean isAutoSize() {
        return pool.isAutoSizing();
    }

    @Override
    public void setAutoSize(boolean on) {
        pool.setAutoSizing(on);
    }

    @Override
    public int getAutoSizeFloor() {
        AutoSizing p = pool.autoSizing();
        return p == null ? -1 : p.floor();
    }

    @Override
    public void setAutoSizeFloor(int floor) {
        pool.updateAutoSizing(p -> p == null ? AutoSizing.between(floor, Math.max(floor, pool.maxSize()))
                : p.withLimits(floor, p.ceiling()));
    }

    @Override
    public int getAutoSizeCeiling() {
        AutoSizing p = pool.autoSizing();
        return p == null ? -1 : p.ceiling();
    }

    @Override
    public void setAutoSizeCeiling(int ceiling) {
        pool.updateAutoSizing(p -> p == null ? AutoSizing.between(Math.max(1, Math.min(ceiling, pool.maxSize())),
                ceiling) : p.withLimits(p.floor(), ceiling));
    }

    @Override
    public double getAutoSizeTargetWaitMillis() {
        AutoSizing p = pool.autoSizing();
        return p == null ? -1 : p.targetWait().toNanos() / 1e6;
    }

    @Override
    public void setAutoSizeTargetWaitMillis(double millis) {
        if (!(millis > 0 && millis <= 3_600_000)) {
            throw new IllegalArgumentException("AutoSizeTargetWaitMillis must be between 0 (excluded) and 3600000, was "
                    + millis);
        }
        pool.updateAutoSizing(p -> known(p).withTargetWait(Duration.ofNanos(Math.round(millis * 1e6))));
    }

    @Override
    public long getAutoSizeCalmDownSeconds() {
        AutoSizing p = pool.autoSizing();
        return p == null ? -1 : p.calmDown().toSeconds();
    }

    @Override
    public void setAutoSizeCalmDownSeconds(long seconds) {
        if (seconds < 0 || seconds > 86_400) {
            throw new IllegalArgumentException("AutoSizeCalmDownSeconds must be between 0 and 86400, was " + seconds);
        }
        pool.updateAutoSizing(p -> known(p).withCalmDown(Duration.ofSeconds(seconds)));
    }

    private static AutoSizing known(AutoSizing p) {
        if (p == null) {
            throw new IllegalStateException("set AutoSizeFloor and AutoSizeCeiling first");
        }
        return p;
    }

    @Override
    public AutoSizeSettings getAutoSizing() {
        return AutoSizeSettings.of(pool.autoSizing());
    }

    @Override
    public String getAutoSizeHeldBack() {
        return pool.autoSizeHeldBack();
    }

    @Override
    public PoolResize getLastResize() {
        return pool.lastResize();
    }

    @Override
    public List<PoolResize> getResizeHistory() {
        return pool.resizeHistory();
    }

    @Override
    public String getName() {
        return pool.name();
    }

    @Override
    public int getMaxSize() {
        return pool.maxSize();
    }

    @Override
    public void setMaxSize(int maxSize) {
        pool.setMaxSize(maxSize);
    }

    @Override
    public int getMinIdle() {
        return pool.minIdle();
    }

    @Override
    public void setMinIdle(int minIdle) {
        pool.setMinIdle(minIdle);
    }

    @Override
    public long getIdleTimeoutMillis() {
        return pool.idleTimeout().toMillis();
    }

    @Override
    public void setIdleTimeoutMillis(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("idleTimeoutMillis must be > 0, was " + millis);
        }
        pool.setIdleTimeout(Duration.ofMillis(millis));
    }

    @Override
    public PoolStats getStats() {
        return pool.stats();
    }

    @Override
    public int getSize() {
        return pool.size();
    }

    @Override
    public int getActive() {
        return pool.active();
    }

    @Override
    public int getIdle() {
        return pool.idle();
    }

    @Override
    public int getWaiters() {
        return pool.waiters();
    }

    @Override
    public long getBorrowCount() {
        return pool.stats().borrowCount();
    }

    @Override
    public long getReturnCount() {
        return pool.stats().returnCount();
    }

    @Override
    public long getHitCount() {
        return pool.stats().hitCount();
    }

    @Override
    public long getMissCount() {
        return pool.stats().missCount();
    }

    @Override
    public double getHitPercent() {
        return pool.stats().hitPercent();
    }

    @Override
    public long getCreatedCount() {
        return pool.stats().createdCount();
    }

    @Override
    public long getDestroyedCount() {
        return pool.stats().destroyedCount();
    }

    @Override
    public long getCreateFailureCount() {
        return pool.stats().createFailureCount();
    }

    @Override
    public long getValidationFailureCount() {
        return pool.stats().validationFailureCount();
    }

    @Override
    public long getEvictedCount() {
        return pool.stats().evictedCount();
    }

    @Override
    public long getAbandonedCount() {
        return pool.stats().abandonedCount();
    }

    @Override
    public long getLeakedCount() {
        return pool.stats().leakedCount();
    }

    @Override
    public long getBorrowWaitCount() {
        return pool.stats().borrowWaitCount();
    }

    @Override
    public double getMeanBorrowWaitMillis() {
        return pool.stats().meanBorrowWaitMillis();
    }

    @Override
    public double getMaxBorrowWaitMillis() {
        return pool.stats().maxBorrowWaitMillis();
    }

    @Override
    public PoolSizes resize(int maxSize) {
        return pool.resize(maxSize);
    }

    @Override
    public int evictIdle() {
        return pool.evictIdle();
    }

    @Override
    public void resetStatistics() {
        pool.resetStatistics();
    }
}
