package io.memorymanager.pool;

import io.memorymanager.Description;
import javax.management.MBeanOperationInfo;

/**
 * One object pool: its size now, exact counts since start (or the last reset), and the verbs to steer it.
 * ObjectName {@code io.memorymanager:type=ObjectPool,name=<pool name>}. When the pool is quiet,
 * {@code BorrowCount == ReturnCount + Active + LeakedCount} and {@code HitCount + MissCount == BorrowCount}.
 */
@Description("An object pool: size now, exact borrow/return/hit/miss counts, and verbs to resize and evict. "
        + "When quiet, BorrowCount = ReturnCount + Active + LeakedCount and HitCount + MissCount = BorrowCount.")
public interface ObjectPoolMXBean {

    @Description("The pool's name")
    String getName();

    @Description("Most objects alive at once, idle or on loan (>= 1 and >= MinIdle). Lowering it retires "
            + "objects as they come back")
    int getMaxSize();

    @Description("Most objects alive at once (>= 1 and >= MinIdle); lowering it retires objects as they come back")
    void setMaxSize(int maxSize);

    @Description("Idle objects kept ready (0 to MaxSize)")
    int getMinIdle();

    @Description("Idle objects kept ready (0 to MaxSize)")
    void setMinIdle(int minIdle);

    @Description("How long an object above MinIdle may stay idle before it is destroyed, in milliseconds")
    long getIdleTimeoutMillis();

    @Description("How long an object above MinIdle may stay idle before it is destroyed, in milliseconds (> 0)")
    void setIdleTimeoutMillis(long millis);

    @Description("Every size and count below, read at once so that they agree with each other (the attributes "
            + "one by one are read at different moments)")
    PoolStats getStats();

    @Description("Objects alive now, idle or on loan")
    int getSize();

    @Description("Objects on loan now")
    int getActive();

    @Description("Objects idle now")
    int getIdle();

    @Description("Borrowers waiting for an object now")
    int getWaiters();

    @Description("Objects handed out")
    long getBorrowCount();

    @Description("Objects given back")
    long getReturnCount();

    @Description("Borrows served by an idle object")
    long getHitCount();

    @Description("Borrows that had to create an object")
    long getMissCount();

    @Description("Hits in percent of borrows (0-100); -1 before the first borrow")
    double getHitPercent();

    @Description("Objects created, on demand or to keep MinIdle")
    long getCreatedCount();

    @Description("Objects destroyed: evicted, retired, failed validation, or at close")
    long getDestroyedCount();

    @Description("Times the factory failed to create an object")
    long getCreateFailureCount();

    @Description("Objects that failed validation and were destroyed")
    long getValidationFailureCount();

    @Description("Idle objects destroyed for staying idle past the idle timeout, or by evictIdle")
    long getEvictedCount();

    @Description("Loans that outlived the abandoned-object threshold (each counted once)")
    long getAbandonedCount();

    @Description("Loaned objects that became unreachable without being released")
    long getLeakedCount();

    @Description("Borrows that had to wait for an object")
    long getBorrowWaitCount();

    @Description("Mean wait of the borrows that waited, in milliseconds; 0 when none waited")
    double getMeanBorrowWaitMillis();

    @Description("Longest wait of a borrow, in milliseconds")
    double getMaxBorrowWaitMillis();

    @Description(value = "Sets MaxSize (and turns AutoSize off) and returns the sizes before and after; lowering it retires objects as "
            + "they come back", impact = MBeanOperationInfo.ACTION_INFO)
    PoolSizes resize(@Description(name = "maxSize", value = "new maximum, >= 1 and >= MinIdle") int maxSize);

    @Description("Whether the pool sizes itself within AutoSizeFloor and AutoSizeCeiling: grows when borrowers wait "
            + "past the target, shrinks when most objects idle; an operator's resize, MaxSize or MinIdle turns it off")
    boolean isAutoSize();

    @Description("true: the pool sizes itself (needs AutoSizeFloor and AutoSizeCeiling); false: only operators size it")
    void setAutoSize(boolean on);

    @Description("The lowest MaxSize auto-sizing sets; -1 when no policy is set")
    int getAutoSizeFloor();

    @Description("The lowest MaxSize auto-sizing sets (1 to AutoSizeCeiling)")
    void setAutoSizeFloor(int floor);

    @Description("The highest MaxSize auto-sizing sets; -1 when no policy is set")
    int getAutoSizeCeiling();

    @Description("The highest MaxSize auto-sizing sets (AutoSizeFloor or more)")
    void setAutoSizeCeiling(int ceiling);

    @Description("The mean wait of the borrows that wait above which the pool grows, in milliseconds; -1 when no policy")
    double getAutoSizeTargetWaitMillis();

    @Description("The mean wait of the borrows that wait above which the pool grows, in milliseconds (> 0)")
    void setAutoSizeTargetWaitMillis(double millis);

    @Description("After a resize, how long auto-sizing waits before the next, in seconds; -1 when no policy")
    long getAutoSizeCalmDownSeconds();

    @Description("After a resize, how long auto-sizing waits before the next, in seconds (0-86400)")
    void setAutoSizeCalmDownSeconds(long seconds);

    @Description("The whole auto-sizing policy: limits, target wait, how long waits or idling must last, calm-down; "
            + "null when none is set")
    AutoSizeSettings getAutoSizing();

    @Description("Why auto-sizing did not grow the pool when it was due (a memory breaker open, pressure HIGH); "
            + "empty otherwise")
    String getAutoSizeHeldBack();

    @Description("The last resize (auto or operator): when, MaxSize and MinIdle before and after, why; null before any")
    PoolResize getLastResize();

    @Description("The last 32 resizes, oldest first")
    java.util.List<PoolResize> getResizeHistory();

    @Description(value = "Destroys idle objects above MinIdle now; returns how many", impact = MBeanOperationInfo.ACTION)
    int evictIdle();

    @Description(value = "Sets every counter to zero; objects on loan count as borrowed (hits) after the reset",
            impact = MBeanOperationInfo.ACTION)
    void resetStatistics();
}
