package io.memorymanager.cache;

import io.memorymanager.internal.DescribedMBean;
import io.memorymanager.internal.ObjectNames;
import io.memorymanager.internal.Registrar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caches Memory Manager may shed: each registered one gets an MBean
 * {@code io.memorymanager:type=Cache,name=<name>}, and the optimizer, pressure reactions and circuit breakers
 * clear or trim them through here.
 */
public final class CacheRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CacheRegistry.class);

    private final MBeanServer server;
    private final Map<String, CacheControl> caches = new ConcurrentSkipListMap<>();
    private final Map<String, Registrar> mbeans = new ConcurrentSkipListMap<>();

    public CacheRegistry(MBeanServer server) {
        this.server = server;
    }

    /** A registered cache; closing it unregisters the cache and its MBean. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Registers {@code cache} under {@code name} (quoted in the ObjectName if it must be).
     *
     * @throws IllegalArgumentException if the name is blank or already taken
     */
    public Registration register(String name, ManagedCache cache) {
        Objects.requireNonNull(cache, "cache");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("cache name must not be blank");
        }
        CacheControl control = new CacheControl(name, cache);
        if (caches.putIfAbsent(name, control) != null) {
            throw new IllegalArgumentException("a cache named '" + name + "' is already registered");
        }
        ObjectName objectName = ObjectNames.of("Cache", name);
        Registrar registrar = new Registrar(server);
        if (!registrar.register(objectName, DescribedMBean.of(control, CacheMXBean.class))) {
            LOG.warn("Cache '{}' is managed but has no MBean", name);
        }
        mbeans.put(name, registrar);
        return () -> unregister(name, control);
    }

    /** Names of the registered caches, sorted. */
    public List<String> names() {
        return List.copyOf(caches.keySet());
    }

    /** Clears the cache named {@code name}. */
    public CacheChange clear(String name) {
        CacheControl c = caches.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no cache named '" + name + "'; registered: " + names());
        }
        return c.clear();
    }

    /** Clears every cache; a cache that fails is logged and skipped. */
    public List<CacheChange> clearAll() {
        return each(CacheControl::clear);
    }

    /** Trims {@code fraction} (0-1) of every cache; a cache that fails is logged and skipped. */
    public List<CacheChange> trimAll(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be above 0 and at most 1, was " + fraction);
        }
        return each(c -> c.trim(fraction));
    }

    /** Bytes all caches hold, as far as they can tell; -1 when none can. */
    public long estimatedBytes() {
        long sum = -1;
        for (CacheControl c : caches.values()) {
            long b = c.getEstimatedBytes();
            if (b >= 0) {
                sum = Math.max(0, sum) + b;
            }
        }
        return sum;
    }

    private List<CacheChange> each(java.util.function.Function<CacheControl, CacheChange> action) {
        List<CacheChange> changes = new ArrayList<>();
        for (CacheControl c : caches.values()) {
            try {
                changes.add(action.apply(c));
            } catch (RuntimeException e) {
                LOG.warn("Cache '{}' could not be shed: {}", c.getName(), e.toString());
            }
        }
        return changes;
    }

    private void unregister(String name, CacheControl control) {
        if (caches.remove(name, control)) {
            Registrar registrar = mbeans.remove(name);
            if (registrar != null) {
                registrar.close();
            }
        }
    }

    /** Unregisters every cache and its MBean. */
    @Override
    public void close() {
        for (String name : names()) {
            CacheControl c = caches.get(name);
            if (c != null) {
                unregister(name, c);
            }
        }
    }
}
