package io.memorymanager.jvm;

/**
 * One memory pool at one moment. Sizes in bytes; -1 where the pool does not define the value.
 *
 * @param type {@code HEAP} or {@code NON_HEAP}
 * @param usedAfterLastGcBytes usage right after the last collection of this pool, -1 if not supported
 */
public record MemoryPoolSnapshot(String name, String type, long usedBytes, long committedBytes, long maxBytes,
        long usedAfterLastGcBytes) {
}
