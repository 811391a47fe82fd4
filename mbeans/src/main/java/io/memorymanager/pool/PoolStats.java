package io.memorymanager.pool;

import io.memorymanager.internal.Round;

/**
 * One consistent reading of a pool: its sizes at one moment and its counts since start (or the last reset), taken
 * together, so that {@code hitCount + missCount == borrowCount} and, when the pool is quiet,
 * {@code borrowCount == returnCount + active + leakedCount}. The derived figures ({@link #hitPercent},
 * {@link #meanBorrowWaitMillis}) are components, so that a JMX client reading the {@code Stats} attribute gets them
 * too; the constructor derives them from the counts whatever it is given.
 *
 * <p>As Caffeine's {@code CacheStats}: {@link #minus} gives the counts between two readings.
 *
 * @param size objects alive, idle or on loan
 * @param active objects on loan
 * @param idle objects idle
 * @param waiters borrowers waiting for an object
 * @param borrowCount objects handed out
 * @param returnCount objects given back
 * @param hitCount borrows served by an idle object
 * @param missCount borrows that had to create an object
 * @param hitPercent hits in percent of borrows (0-100); -1 before the first borrow
 * @param createdCount objects created, on demand or to keep MinIdle
 * @param destroyedCount objects destroyed
 * @param createFailureCount times the factory failed to create one
 * @param validationFailureCount objects that failed validation
 * @param evictedCount idle objects destroyed for idling past the timeout, or by evictIdle
 * @param abandonedCount loans that outlived the abandoned threshold
 * @param leakedCount loaned objects that became unreachable without being released
 * @param borrowWaitCount borrows that had to wait
 * @param totalBorrowWaitMillis the waits of those borrows, summed
 * @param meanBorrowWaitMillis the mean wait of the borrows that waited; 0 when none did
 * @param maxBorrowWaitMillis the longest wait of a borrow
 */
public record PoolStats(int size, int active, int idle, int waiters, long borrowCount, long returnCount,
        long hitCount, long missCount, double hitPercent, long createdCount, long destroyedCount,
        long createFailureCount, long validationFailureCount, long evictedCount, long abandonedCount,
        long leakedCount, long borrowWaitCount, double totalBorrowWaitMillis, double meanBorrowWaitMillis,
        double maxBorrowWaitMillis) {

    public PoolStats {
        long borrows = hitCount + missCount;
        hitPercent = borrows == 0 ? -1 : Round.percent(100.0 * hitCount / borrows);
        meanBorrowWaitMillis = borrowWaitCount == 0 ? 0 : Round.millis(totalBorrowWaitMillis / borrowWaitCount);
        totalBorrowWaitMillis = Round.millis(totalBorrowWaitMillis);
        maxBorrowWaitMillis = Round.millis(maxBorrowWaitMillis);
    }

    /**
     * The counts since {@code earlier}, with this reading's sizes. A maximum does not subtract: the result keeps this
     * reading's {@link #maxBorrowWaitMillis} (the pool starts its maximum afresh on a reset).
     */
    public PoolStats minus(PoolStats earlier) {
        return new PoolStats(size, active, idle, waiters, borrowCount - earlier.borrowCount,
                returnCount - earlier.returnCount, hitCount - earlier.hitCount, missCount - earlier.missCount, 0,
                createdCount - earlier.createdCount, destroyedCount - earlier.destroyedCount,
                createFailureCount - earlier.createFailureCount,
                validationFailureCount - earlier.validationFailureCount, evictedCount - earlier.evictedCount,
                abandonedCount - earlier.abandonedCount, leakedCount - earlier.leakedCount,
                borrowWaitCount - earlier.borrowWaitCount, totalBorrowWaitMillis - earlier.totalBorrowWaitMillis, 0,
                maxBorrowWaitMillis);
    }
}
