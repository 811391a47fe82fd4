package io.memorymanager.cache;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A cache whose values the garbage collector may reclaim under memory pressure (soft references), with exact hit
 * and miss counts and an optional size estimate per value. Values the collector reclaimed count as misses and
 * their entries are purged on the next write. Thread-safe.
 *
 * <pre>{@code
 * SoftCache<String, byte[]> thumbnails = new SoftCache<>(img -> img.length);
 * mm.caches().register("thumbnails", thumbnails);
 * byte[] t = thumbnails.get(id, this::render);
 * }</pre>
 */
public final class SoftCache<K, V> implements ManagedCache {

    private final Map<K, Entry<K, V>> map = new ConcurrentHashMap<>();
    private final ReferenceQueue<V> reclaimed = new ReferenceQueue<>();
    private final ToLongFunction<? super V> weigher;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    private static final class Entry<K, V> extends SoftReference<V> {
        final K key;
        final long weight;

        Entry(K key, V value, long weight, ReferenceQueue<V> queue) {
            super(value, queue);
            this.key = key;
            this.weight = weight;
        }
    }

    /** A cache whose bytes are unknown ({@link #estimatedBytes()} is -1). */
    public SoftCache() {
        this.weigher = null;
    }

    /** A cache that estimates each value's bytes with {@code weigher} (called once, when the value is put). */
    public SoftCache(ToLongFunction<? super V> weigher) {
        this.weigher = Objects.requireNonNull(weigher, "weigher");
    }

    /** The value for {@code key}, or null (a miss) when there is none or the collector reclaimed it. */
    public V get(K key) {
        Entry<K, V> e = map.get(key);
        V v = e == null ? null : e.get();
        (v == null ? misses : hits).increment();
        return v;
    }

    /** The value for {@code key}, computed by {@code loader} and cached on a miss. */
    public V get(K key, Function<? super K, ? extends V> loader) {
        V v = get(key);
        if (v == null) {
            v = Objects.requireNonNull(loader.apply(key), "loader returned null");
            put(key, v);
        }
        return v;
    }

    public void put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        purge();
        long weight = weigher == null ? 0 : weigher.applyAsLong(value);
        Entry<K, V> old = map.put(key, new Entry<>(key, value, weight, reclaimed));
        bytes.add(weight);
        if (old != null) {
            bytes.add(-old.weight);
        }
    }

    public void remove(K key) {
        Entry<K, V> old = map.remove(key);
        if (old != null) {
            bytes.add(-old.weight);
        }
    }

    @Override
    public long size() {
        purge();
        return map.size();
    }

    @Override
    public long estimatedBytes() {
        if (weigher == null) {
            return -1;
        }
        purge();
        return Math.max(0, bytes.sum());
    }

    @Override
    public void clear() {
        for (Iterator<Entry<K, V>> it = map.values().iterator(); it.hasNext(); ) {
            Entry<K, V> e = it.next();
            it.remove();
            bytes.add(-e.weight);
        }
    }

    /** Removes about {@code fraction} of the entries in no particular order. */
    @Override
    public long trim(double fraction) {
        long toRemove = (long) Math.ceil(map.size() * Math.max(0, Math.min(1, fraction)));
        long removed = 0;
        for (Iterator<Entry<K, V>> it = map.values().iterator(); removed < toRemove && it.hasNext(); removed++) {
            Entry<K, V> e = it.next();
            it.remove();
            bytes.add(-e.weight);
        }
        return removed;
    }

    @Override
    public long hitCount() {
        return hits.sum();
    }

    @Override
    public long missCount() {
        return misses.sum();
    }

    @SuppressWarnings("unchecked")
    private void purge() {
        for (Entry<K, V> e = (Entry<K, V>) reclaimed.poll(); e != null; e = (Entry<K, V>) reclaimed.poll()) {
            if (map.remove(e.key, e)) {
                bytes.add(-e.weight);
            }
        }
    }
}
