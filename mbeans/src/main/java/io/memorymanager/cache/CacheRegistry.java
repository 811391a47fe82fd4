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
    private final Map<String, Entry> caches = new ConcurrentSkipListMap<>();

    /** A registered cache and the registrar of its MBean. */
    private record Entry(CacheControl control, Registrar mbean) {
    }

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
        Entry entry = new Entry(new CacheControl(name, cache), new Registrar(server));
        if (caches.putIfAbsent(name, entry) != null) {
            throw new IllegalArgumentException("a cache named '" + name + "' is already registered");
        }
        Object mbean = DescribedMBean.of(entry.control(), CacheMXBean.class);
        if (!entry.mbean().register(ObjectNames.of("Cache", name), mbean)) {
            LOG.warn("Cache '{}' is managed but has no MBean", name);
        }
        return () -> unregister(name, entry);
    }

    /** Names of the registered caches, sorted. */
    public List<String> names() {
        return List.copyOf(caches.keySet());
    }

    /** Clears the cache named {@code name}. */
    public CacheChange clear(String name) {
        Entry e = caches.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no cache named '" + name + "'; registered: " + names());
        }
        return e.control().clear();
    }

    /** Clears every cache; a cache that fails is logged and skipped. */
    public List<CacheChange> clearAll() {
        List<CacheChange> changes = new ArrayList<>();
        for (Entry entry : caches.values()) {
            try {
                changes.add(entry.control().clear());
            } catch (RuntimeException e) {
                LOG.warn("Cache '{}' could not be shed: {}", entry.control().getName(), e.toString());
            }
        }
        return changes;
    }

    private void unregister(String name, Entry entry) {
        if (caches.remove(name, entry)) {
            entry.mbean().close();
        }
    }

    /** Unregisters every cache and its MBean. */
    @Override
    public void close() {
        caches.forEach(this::unregister);
    }
}
