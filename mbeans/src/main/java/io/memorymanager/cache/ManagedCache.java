package io.memorymanager.cache;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * A cache Memory Manager can see and shed: the application implements it, or wraps its cache with
 * {@link #of(Map)} or uses {@link SoftCache}, and registers it with {@link CacheRegistry#register}. Every method
 * may be called from Memory Manager's threads (an operator's clear, a pressure reaction, the circuit breaker), so
 * implementations must be thread-safe as far as their cache is.
 */
public interface ManagedCache {

    /** Entries now. */
    long size();

    /** Bytes the entries hold, or -1 when the cache cannot tell. */
    default long estimatedBytes() {
        return -1;
    }

    /** Removes every entry. */
    void clear();

    /**
     * Removes about {@code fraction} (0 to 1) of the entries, the least valuable first where the cache knows
     * which, and returns how many it removed. The default clears when asked for everything and otherwise removes
     * nothing; override it where the cache can do better.
     */
    default long trim(double fraction) {
        if (fraction >= 1) {
            long before = size();
            clear();
            return before;
        }
        return 0;
    }

    /** Lookups that found an entry, or -1 when the cache does not count them. */
    default long hitCount() {
        return -1;
    }

    /** Lookups that found nothing, or -1 when the cache does not count them. */
    default long missCount() {
        return -1;
    }

    /**
     * Manages {@code map}: size and clear as the map does them; trim removes entries in iteration order (the
     * eldest first for a {@link java.util.LinkedHashMap}, the least recently used first in access order). The
     * map's own thread safety applies: wrap a plain map with {@link java.util.Collections#synchronizedMap}, whose
     * lock this adapter takes while trimming.
     */
    static ManagedCache of(Map<?, ?> map) {
        Objects.requireNonNull(map, "map");
        return new ManagedCache() {
            @Override
            public long size() {
                return map.size();
            }

            @Override
            public void clear() {
                map.clear();
            }

            @Override
            public long trim(double fraction) {
                if (fraction <= 0) {
                    return 0;
                }
                synchronized (map) {
                    long toRemove = (long) Math.ceil(map.size() * Math.min(1, fraction));
                    long removed = 0;
                    Iterator<?> it = map.keySet().iterator();
                    while (removed < toRemove && it.hasNext()) {
                        it.next();
                        it.remove();
                        removed++;
                    }
                    return removed;
                }
            }
        };
    }
}
