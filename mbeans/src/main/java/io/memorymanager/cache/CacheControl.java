package io.memorymanager.cache;

import io.memorymanager.internal.Round;
import java.util.concurrent.atomic.AtomicLong;

/** {@link CacheMXBean} over one {@link ManagedCache}; a cache that throws is reported, never propagated raw. */
final class CacheControl implements CacheMXBean {

    private final String name;
    private final ManagedCache cache;
    private final AtomicLong clears = new AtomicLong();
    private final AtomicLong trims = new AtomicLong();

    CacheControl(String name, ManagedCache cache) {
        this.name = name;
        this.cache = cache;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public long getSize() {
        return cache.size();
    }

    @Override
    public long getEstimatedBytes() {
        return cache.estimatedBytes();
    }

    @Override
    public long getHitCount() {
        return cache.hitCount();
    }

    @Override
    public long getMissCount() {
        return cache.missCount();
    }

    @Override
    public double getHitRatio() {
        long hits = cache.hitCount();
        long misses = cache.missCount();
        return hits < 0 || misses < 0 || hits + misses == 0 ? -1 : Round.ratio((double) hits / (hits + misses));
    }

    @Override
    public long getClearCount() {
        return clears.get();
    }

    @Override
    public long getTrimCount() {
        return trims.get();
    }

    @Override
    public CacheChange clear() {
        return change(() -> {
            cache.clear();
            clears.incrementAndGet();
        });
    }

    @Override
    public CacheChange trim(int percent) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("percent must be between 1 and 100, was " + percent);
        }
        return change(() -> {
            cache.trim(percent / 100.0);
            trims.incrementAndGet();
        });
    }

    private CacheChange change(Runnable action) {
        long size = cache.size();
        long bytes = cache.estimatedBytes();
        try {
            action.run();
        } catch (RuntimeException e) {
            // The application's cache failed: say so with a JDK type a remote caller can read.
            throw new IllegalStateException("cache '" + name + "' failed: " + e, e);
        }
        long sizeAfter = cache.size();
        long bytesAfter = cache.estimatedBytes();
        return new CacheChange(name, size, sizeAfter, Math.max(0, size - sizeAfter), bytes, bytesAfter,
                bytes < 0 || bytesAfter < 0 ? -1 : Math.max(0, bytes - bytesAfter));
    }
}
