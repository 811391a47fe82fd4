package io.memorymanager.pool;

import java.time.Duration;

/**
 * The MXBean of one pool: an adapter that reads the pool and steers it. The counters come from one
 * {@link ObjectPool#stats()} each; {@code Stats} gives them all at once, consistent with each other.
 */
final class PoolControl implements ObjectPoolMXBean {

    private final ObjectPool<?> pool;

    PoolControl(ObjectPool<?> pool) {
        this.pool = pool;
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
