package io.memorymanager.cache;

/**
 * What clearing or trimming one cache did.
 *
 * @param estimatedBytesBefore -1 when the cache cannot tell its bytes (then so is the after and released figure)
 * @param releasedBytes estimated bytes released, -1 when unknown
 */
public record CacheChange(String cache, long sizeBefore, long sizeAfter, long removed, long estimatedBytesBefore,
        long estimatedBytesAfter, long releasedBytes) {
}
