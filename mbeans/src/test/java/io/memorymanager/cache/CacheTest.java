package io.memorymanager.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memorymanager.internal.ObjectNames;
import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.JMX;
import javax.management.MBeanServer;
import org.junit.jupiter.api.Test;

class CacheTest {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void mapAdapterTrimsTheEldestEntriesFirst() {
        Map<Integer, String> map = Collections.synchronizedMap(new LinkedHashMap<>());
        for (int i = 0; i < 10; i++) {
            map.put(i, "v" + i);
        }
        ManagedCache cache = ManagedCache.of(map);
        assertThat(cache.trim(0.3)).isEqualTo(3);
        assertThat(map.keySet()).containsExactly(3, 4, 5, 6, 7, 8, 9);
        assertThat(cache.size()).isEqualTo(7);
        assertThat(cache.estimatedBytes()).isEqualTo(-1);
        assertThat(cache.hitCount()).isEqualTo(-1);
        cache.clear();
        assertThat(map).isEmpty();
    }

    @Test
    void softCacheCountsHitsMissesAndBytes() {
        SoftCache<String, byte[]> cache = new SoftCache<>(b -> b.length);
        assertThat(cache.get("a")).isNull();
        cache.put("a", new byte[100]);
        cache.put("b", new byte[50]);
        assertThat(cache.get("a")).hasSize(100);
        assertThat(cache.get("b", k -> new byte[1])).hasSize(50);
        assertThat(cache.get("c", k -> new byte[7])).hasSize(7);
        assertThat(cache.hitCount()).isEqualTo(2);
        assertThat(cache.missCount()).isEqualTo(2);
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.estimatedBytes()).isEqualTo(157);
        cache.put("a", new byte[10]);
        assertThat(cache.estimatedBytes()).as("a replaced value's weight is taken back").isEqualTo(67);
        assertThat(cache.trim(1.0 / 3)).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(2);
        cache.clear();
        assertThat(cache.size()).isZero();
        assertThat(cache.estimatedBytes()).isZero();
        assertThat(new SoftCache<String, String>().estimatedBytes()).isEqualTo(-1);
    }

    @Test
    void registeredCacheIsAnMBeanThatClearsAndTrimsAndCounts() throws Exception {
        try (CacheRegistry registry = new CacheRegistry(server)) {
            SoftCache<Integer, byte[]> soft = new SoftCache<>(b -> b.length);
            for (int i = 0; i < 100; i++) {
                soft.put(i, new byte[1000]);
            }
            soft.get(1);
            soft.get(1000);
            CacheRegistry.Registration registration = registry.register("thumbnails, big", soft);
            CacheMXBean proxy = JMX.newMXBeanProxy(server, ObjectNames.of("Cache", "thumbnails, big"), CacheMXBean.class);
            assertThat(proxy.getName()).isEqualTo("thumbnails, big");
            assertThat(proxy.getSize()).isEqualTo(100);
            assertThat(proxy.getEstimatedBytes()).isEqualTo(100_000);
            assertThat(proxy.getHitRatio()).isEqualTo(0.5);

            CacheChange trimmed = proxy.trim(25);
            assertThat(trimmed.sizeBefore()).isEqualTo(100);
            assertThat(trimmed.sizeAfter()).isEqualTo(75);
            assertThat(trimmed.releasedBytes()).isEqualTo(25_000);
            assertThat(proxy.getTrimCount()).isEqualTo(1);
            assertThatThrownBy(() -> proxy.trim(0)).hasMessageContaining("percent must be between 1 and 100, was 0");
            assertThat(proxy.getSize()).as("a refused trim changes nothing").isEqualTo(75);

            CacheChange cleared = proxy.clear();
            assertThat(cleared.sizeAfter()).isZero();
            assertThat(cleared.releasedBytes()).isEqualTo(75_000);
            assertThat(proxy.getClearCount()).isEqualTo(1);

            assertThatThrownBy(() -> registry.register("thumbnails, big", ManagedCache.of(Map.of())))
                    .hasMessage("a cache named 'thumbnails, big' is already registered");
            assertThatThrownBy(() -> registry.clear("nope")).hasMessageContaining("no cache named 'nope'");

            registration.close();
            assertThat(server.isRegistered(ObjectNames.of("Cache", "thumbnails, big"))).isFalse();
            assertThat(registry.names()).isEmpty();
        }
    }

    @Test
    void aFailingCacheIsReportedAndDoesNotStopTheOthers() {
        try (CacheRegistry registry = new CacheRegistry(server)) {
            Map<String, String> fine = Collections.synchronizedMap(new LinkedHashMap<>(Map.of("k", "v")));
            registry.register("broken", new ManagedCache() {
                @Override
                public long size() {
                    return 1;
                }

                @Override
                public void clear() {
                    throw new UnsupportedOperationException("read-only");
                }
            });
            registry.register("fine", ManagedCache.of(fine));
            assertThat(registry.clearAll()).extracting(CacheChange::cache).containsExactly("fine");
            assertThat(fine).isEmpty();
            assertThatThrownBy(() -> registry.clear("broken")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cache 'broken' failed").hasMessageContaining("read-only");
        }
    }
}
