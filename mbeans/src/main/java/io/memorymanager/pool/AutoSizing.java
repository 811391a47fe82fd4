package io.memorymanager.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * A pool's automatic sizing policy: within the operator's limits, the pool raises its {@code maxSize} when borrowers
 * wait past the target for a sustained period, and lowers it (and {@code minIdle} with it) when most objects idle
 * for a sustained period. Build with {@link #between(int, int)}.
 *
 * <ul>
 *   <li><b>Growth</b>: when the borrows that waited, waited a mean longer than {@code targetWait} (or borrowers
 *       have been waiting for a whole evaluation) over {@code growAfter}, maxSize rises by a quarter (at least one)
 *       up to {@code ceiling}. Never while a memory circuit breaker is open or the Monitor's pressure is HIGH or
 *       worse: memory wins over speed.</li>
 *   <li><b>Shrinking</b>: when no borrow waited and at most 60% of the objects were on loan at once (the peak,
 *       not the average) over {@code shrinkAfter}, maxSize falls to one and a half times that peak, never below
 *       {@code floor} or the objects on loan; minIdle is lowered to fit.</li>
 *   <li><b>Hysteresis</b>: a pool grows only on waits and shrinks only to 1.5 times its peak, which leaves the
 *       peak at two thirds of the new size, above the 60% that would shrink it again: a steady load makes no
 *       change. After any resize, nothing changes for {@code calmDown}; and when a growth undoes a shrink, the
 *       shrink was early: the idling it takes doubles (up to 16 times {@code shrinkAfter}), so that a load swinging
 *       between two levels settles at the higher one instead of resizing every swing.</li>
 * </ul>
 *
 * @param floor the lowest maxSize it may set, at least 1
 * @param ceiling the highest maxSize it may set, at least {@code floor}
 * @param targetWait the mean wait of the borrows that wait, above which borrowers are waiting too long
 * @param growAfter how long waits must stay above the target before the pool grows
 * @param shrinkAfter how long most objects must idle before the pool shrinks
 * @param calmDown after a resize, how long before the next
 */
public record AutoSizing(int floor, int ceiling, Duration targetWait, Duration growAfter, Duration shrinkAfter,
        Duration calmDown) {

    public static final Duration DEFAULT_TARGET_WAIT = Duration.ofMillis(10);
    public static final Duration DEFAULT_GROW_AFTER = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SHRINK_AFTER = Duration.ofMinutes(2);
    public static final Duration DEFAULT_CALM_DOWN = Duration.ofSeconds(30);

    public AutoSizing {
        if (floor < 1) {
            throw new IllegalArgumentException("auto-sizing floor must be at least 1, was " + floor);
        }
        if (ceiling < floor) {
            throw new IllegalArgumentException("auto-sizing ceiling must be at least the floor (" + floor + "), was "
                    + ceiling);
        }
        positive("targetWait", targetWait);
        positive("growAfter", growAfter);
        positive("shrinkAfter", shrinkAfter);
        Objects.requireNonNull(calmDown, "calmDown");
        if (calmDown.isNegative()) {
            throw new IllegalArgumentException("calmDown must not be negative, was " + calmDown);
        }
    }

    /** Sizing between {@code floor} and {@code ceiling} with the default target (10 ms) and periods. */
    public static AutoSizing between(int floor, int ceiling) {
        return new AutoSizing(floor, ceiling, DEFAULT_TARGET_WAIT, DEFAULT_GROW_AFTER, DEFAULT_SHRINK_AFTER,
                DEFAULT_CALM_DOWN);
    }

    public AutoSizing withTargetWait(Duration wait) {
        return new AutoSizing(floor, ceiling, wait, growAfter, shrinkAfter, calmDown);
    }

    public AutoSizing withGrowAfter(Duration period) {
        return new AutoSizing(floor, ceiling, targetWait, period, shrinkAfter, calmDown);
    }

    public AutoSizing withShrinkAfter(Duration period) {
        return new AutoSizing(floor, ceiling, targetWait, growAfter, period, calmDown);
    }

    public AutoSizing withCalmDown(Duration period) {
        return new AutoSizing(floor, ceiling, targetWait, growAfter, shrinkAfter, period);
    }

    public AutoSizing withLimits(int newFloor, int newCeiling) {
        return new AutoSizing(newFloor, newCeiling, targetWait, growAfter, shrinkAfter, calmDown);
    }

    private static void positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
    }
}
