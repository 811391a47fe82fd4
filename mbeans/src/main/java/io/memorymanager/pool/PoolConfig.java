package io.memorymanager.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of one {@link ObjectPool}; build with {@link ObjectPool#builder(String, ObjectFactory)}.
 *
 * @param name unique among the pools of this JVM; the {@code name} of its ObjectName
 * @param minIdle idle objects kept ready (created ahead by the maintenance thread), 0 or more, at most maxSize
 * @param maxSize most objects alive at once, idle or on loan, at least 1
 * @param borrowTimeout how long {@link ObjectPool#borrow()} waits when every object is on loan
 * @param idleTimeout how long an object above {@code minIdle} may stay idle before it is destroyed
 * @param validateOnBorrow check each object with the factory before handing it out
 * @param validateOnReturn check each object with the factory when it comes back
 * @param abandonedTimeout a loan longer than this is reported as abandoned; {@code null} for never
 * @param captureBorrowerStack keep each borrower's stack (costly) so that abandoned reports show it
 * @param registerMBean register {@code io.memorymanager:type=ObjectPool,name=<name>} in the platform MBeanServer
 * @param autoSizing the automatic sizing policy, on from the start; {@code null} for sizes only an operator changes
 */
public record PoolConfig(
        String name,
        int minIdle,
        int maxSize,
        Duration borrowTimeout,
        Duration idleTimeout,
        boolean validateOnBorrow,
        boolean validateOnReturn,
        Duration abandonedTimeout,
        boolean captureBorrowerStack,
        boolean registerMBean,
        AutoSizing autoSizing) {

    public PoolConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
        }
        checkSizes(minIdle, maxSize);
        positive("borrowTimeout", borrowTimeout);
        positive("idleTimeout", idleTimeout);
        if (abandonedTimeout != null) {
            positive("abandonedTimeout", abandonedTimeout);
        }
    }

    static void checkSizes(int minIdle, int maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be >= 1, was " + maxSize);
        }
        if (minIdle < 0) {
            throw new IllegalArgumentException("minIdle must be >= 0, was " + minIdle);
        }
        if (minIdle > maxSize) {
            throw new IllegalArgumentException("minIdle must be <= maxSize (" + maxSize + "), was " + minIdle);
        }
    }

    private static void positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
    }
}
