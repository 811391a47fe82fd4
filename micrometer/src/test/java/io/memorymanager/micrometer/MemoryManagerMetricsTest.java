package io.memorymanager.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memorymanager.MemoryManager;
import io.memorymanager.MemoryManagerConfig;
import io.memorymanager.breaker.CircuitBreaker;
import io.memorymanager.cache.CacheRegistry;
import io.memorymanager.cache.SoftCache;
import io.memorymanager.pool.ObjectPool;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemoryManagerMetricsTest {

    private MemoryManager mm;
    private SimpleMeterRegistry registry;
    private MemoryManagerMetrics metrics;

    @BeforeEach
    void install() {
        mm = MemoryManager.install(MemoryManagerConfig.defaults());
        registry = new SimpleMeterRegistry();
        metrics = new MemoryManagerMetrics(ManagementFactory.getPlatformMBeanServer(), Tags.of("app", "test"));
        metrics.bindTo(registry);
    }

    @AfterEach
    void close() {
        metrics.close();
        mm.close();
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void everyHeadlineFigureIsAMeterWithTheMBeansValueAndItsUnit() {
        assertThat(gauge("memorymanager.heap.max")).isEqualTo((double) mm.jvmMemory().getHeapMaxBytes());
        assertThat(registry.get("memorymanager.heap.max").gauge().getId().getBaseUnit()).isEqualTo("bytes");
        assertThat(gauge("memorymanager.heap.used")).isPositive();
        assertThat(registry.get("memorymanager.allocation.rate").gauge().getId().getBaseUnit())
                .isEqualTo("bytes.per.second");
        assertThat(gauge("memorymanager.leak.score")).isEqualTo(mm.leakDetector().getLeakScore());
        // a state is one gauge per value: 1 for the current one, 0 for the others
        String status = mm.leakDetector().getStatus().name();
        assertThat(registry.get("memorymanager.leak.status").gauges()).hasSize(4)
                .allSatisfy(g -> assertThat(g.value()).isEqualTo(g.getId().getTag("status").equals(status) ? 1 : 0));
        assertThat(gauge("memorymanager.health.status", "status", mm.health().getStatus().name())).isEqualTo(1);
        assertThat(registry.get("memorymanager.health.status").gauges().stream().mapToDouble(Gauge::value).sum())
                .isEqualTo(1);
        assertThat(gauge("memorymanager.pressure.level", "level", mm.monitor().getPressureLevel().name()))
                .isEqualTo(1);
        assertThat(gauge("memorymanager.budget.level", "level", mm.memoryBudget().getLevel().name())).isEqualTo(1);
        assertThat(gauge("memorymanager.budget.limit")).isEqualTo((double) mm.memoryBudget().getLimitBytes());
        assertThat(mm.memoryBudget().getTimeToLimitSeconds()).isEqualTo(-1);
        assertThat(gauge("memorymanager.budget.time.to.limit")).as("no rise: no time to the limit").isNaN();
        // not growing: no time to exhaustion, rather than -1 that an alert rule would read as "now"
        assertThat(mm.leakDetector().getTimeToExhaustionSeconds()).isEqualTo(-1);
        assertThat(gauge("memorymanager.leak.time.to.exhaustion")).isNaN();
        assertThat(registry.get("memorymanager.leak.time.to.exhaustion").gauge().getId().getBaseUnit())
                .isEqualTo("seconds");
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("app")).isEqualTo("test"));
    }

    @Test
    void aPoolCreatedAndClosedAddsAndRemovesItsMeters() throws Exception {
        assertThat(registry.find("memorymanager.pool.size").meters()).isEmpty();
        ObjectPool<StringBuilder> pool = ObjectPool.builder("metrics-test", StringBuilder::new).maxSize(4).build();
        try {
            StringBuilder a = pool.borrow();
            StringBuilder b = pool.borrow();
            pool.release(a);
            pool.borrow();      // the idle one: a hit
            assertThat(gauge("memorymanager.pool.active", "pool", "metrics-test")).isEqualTo(2);
            assertThat(gauge("memorymanager.pool.size", "pool", "metrics-test")).isEqualTo(2);
            assertThat(gauge("memorymanager.pool.max", "pool", "metrics-test")).isEqualTo(4);
            assertThat(gauge("memorymanager.pool.waiters", "pool", "metrics-test")).isZero();
            FunctionCounter borrows = registry.get("memorymanager.pool.borrows").tags("pool", "metrics-test")
                    .functionCounter();
            assertThat(borrows.count()).isEqualTo(3);
            assertThat(registry.get("memorymanager.pool.hits").tags("pool", "metrics-test").functionCounter().count())
                    .isEqualTo(pool.stats().hitCount());
            FunctionTimer waits = registry.get("memorymanager.pool.borrow.wait").tags("pool", "metrics-test")
                    .functionTimer();
            assertThat(waits.count()).isZero();
            assertThat(waits.totalTime(TimeUnit.MILLISECONDS)).isZero();
            StringBuilder c = pool.borrow();
            StringBuilder d = pool.borrow();            // all four lent: the next borrow waits
            Thread releaser = new Thread(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                pool.release(d);
            });
            releaser.start();
            pool.release(pool.borrow(Duration.ofSeconds(5)));
            releaser.join();
            assertThat(waits.count()).isEqualTo(1);
            assertThat(waits.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(pool.stats().totalBorrowWaitMillis())
                    .isGreaterThan(10);
            pool.release(c);
            pool.release(b);
        } finally {
            pool.close();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.find("memorymanager.pool.size").meters().isEmpty());
        assertThat(registry.getMeters().stream().map(Meter::getId)
                .filter(id -> "metrics-test".equals(id.getTag("pool"))).collect(Collectors.toList())).isEmpty();
    }

    @Test
    void cachesAndBreakersAreMeteredAndTheirMetersGoWithThem() throws Exception {
        SoftCache<String, byte[]> cache = new SoftCache<>(v -> v.length);
        CacheRegistry.Registration reg = mm.caches().register("metrics-cache", cache);
        cache.put("a", new byte[1000]);
        cache.get("a");
        cache.get("b");
        assertThat(gauge("memorymanager.cache.size", "cache", "metrics-cache")).isEqualTo(1);
        assertThat(registry.get("memorymanager.cache.hits").tags("cache", "metrics-cache").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("memorymanager.cache.misses").tags("cache", "metrics-cache").functionCounter()
                .count()).isEqualTo(1);
        reg.close();
        assertThat(registry.find("memorymanager.cache.size").tags("cache", "metrics-cache").meters()).isEmpty();

        CircuitBreaker breaker = mm.circuitBreaker("metrics-breaker", 99);
        assertThat(gauge("memorymanager.breaker.state", "breaker", "metrics-breaker", "state", "CLOSED"))
                .isEqualTo(1);
        assertThat(gauge("memorymanager.breaker.state", "breaker", "metrics-breaker", "state", "OPEN")).isZero();
        assertThat(registry.get("memorymanager.breaker.trips").tags("breaker", "metrics-breaker").functionCounter()
                .count()).isEqualTo(breaker.getTripCount());
        breaker.close();
        assertThat(registry.find("memorymanager.breaker.state").tags("breaker", "metrics-breaker").meters()).isEmpty();
        assertThat(registry.find("memorymanager.breaker.trips").tags("breaker", "metrics-breaker").meters()).isEmpty();
    }

    @Test
    void closingTheBinderRemovesItsMetersAndStopsFollowing() {
        assertThat(registry.getMeters()).isNotEmpty();
        metrics.close();
        assertThat(registry.getMeters()).isEmpty();
        try (ObjectPool<StringBuilder> pool = ObjectPool.builder("after-close", StringBuilder::new).build()) {
            assertThat(pool.name()).isEqualTo("after-close");
            assertThat(registry.getMeters()).isEmpty();
        }
    }

    @Test
    void aFigureWhoseMBeanWentReadsNaNRatherThanFailingTheScrape() {
        ObjectPool<StringBuilder> pool = ObjectPool.builder("going", StringBuilder::new).build();
        Gauge size = registry.get("memorymanager.pool.size").tags("pool", "going").gauge();
        FunctionCounter borrows = registry.get("memorymanager.pool.borrows").tags("pool", "going").functionCounter();
        pool.close();
        // the unregistration removed them from the registry; a reference held by a scrape in flight reads NaN
        assertThat(registry.find("memorymanager.pool.size").tags("pool", "going").meters()).isEmpty();
        assertThat(size.value()).isNaN();
        assertThat(borrows.count()).isNaN();
    }
}
