package io.memorymanager.pool;

/** The sizes of a pool before and after a resize. */
public record PoolSizes(int previousMaxSize, int maxSize, int size, int active, int idle) {
}
