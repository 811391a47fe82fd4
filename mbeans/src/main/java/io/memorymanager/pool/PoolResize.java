package io.memorymanager.pool;

import io.memorymanager.Description;

/**
 * One change of a pool's size, by its auto-sizing or by an operator.
 *
 * @param timeMillis when (epoch milliseconds)
 * @param fromMaxSize maxSize before
 * @param toMaxSize maxSize after
 * @param fromMinIdle minIdle before
 * @param toMinIdle minIdle after
 * @param by {@code auto} or {@code operator}
 * @param reason why, in words, with the figures it rests on
 */
@Description("A pool was resized")
public record PoolResize(
        @Description("When, in epoch milliseconds") long timeMillis,
        @Description("MaxSize before") int fromMaxSize,
        @Description("MaxSize after") int toMaxSize,
        @Description("MinIdle before") int fromMinIdle,
        @Description("MinIdle after") int toMinIdle,
        @Description("auto or operator") String by,
        @Description("Why, with the figures it rests on") String reason) {
}
