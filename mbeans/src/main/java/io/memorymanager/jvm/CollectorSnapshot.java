package io.memorymanager.jvm;

/**
 * One garbage collector's totals.
 *
 * @param lastPauseMillis duration of its last collection in milliseconds, -1 before the first one
 */
public record CollectorSnapshot(String name, long count, long totalTimeMillis, long lastPauseMillis) {
}
