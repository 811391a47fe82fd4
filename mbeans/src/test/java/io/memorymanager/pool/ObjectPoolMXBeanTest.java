package io.memorymanager.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.InvalidAttributeValueException;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pools as an operator sees them: through JMX proxies on the platform MBeanServer. */
class ObjectPoolMXBeanTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private final List<ObjectPool<?>> pools = new ArrayList<>();

    private ObjectPool<Counted> pool(String name, int maxSize) {
        ObjectPool<Counted> pool = ObjectPool.builder(name, new CountingFactory()).maxSize(maxSize)
                .borrowTimeout(Duration.ofSeconds(5)).build();
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void close() {
        pools.forEach(ObjectPool::close);
    }

    private static ObjectPoolMXBean proxy(ObjectPool<?> pool) {
        return JMX.newMXBeanProxy(SERVER, pool.objectName(), ObjectPoolMXBean.class);
    }

    @Test
    void autoSizingIsSteeredOverJmxAndAnOperatorsResizeTurnsItOffWithANotification() throws Exception {
        ObjectPool<Counted> pool = pool("jmx-auto-size", 4);
        ObjectPoolMXBean mx = proxy(pool);
        assertThat(mx.isAutoSize()).isFalse();
        assertThat(mx.getAutoSizeFloor()).isEqualTo(-1);
        assertThat(mx.getAutoSizing()).isNull();
        assertThatThrownBy(() -> mx.setAutoSize(true)).hasMessageContaining("set AutoSizeFloor and AutoSizeCeiling");
        assertThat(mx.isAutoSize()).isFalse();

        mx.setAutoSizeCeiling(16);
        mx.setAutoSizeFloor(2);
        mx.setAutoSizeTargetWaitMillis(2.5);
        mx.setAutoSizeCalmDownSeconds(45);
        assertThatThrownBy(() -> mx.setAutoSizeCalmDownSeconds(-1)).hasMessageContaining("AutoSizeCalmDownSeconds");
        assertThat(mx.isAutoSize()).as("limits alone switch nothing on").isFalse();
        assertThat(mx.getAutoSizing()).isEqualTo(new AutoSizeSettings(2, 16, 2.5, 10_000, 120_000, 45_000));
        assertThatThrownBy(() -> mx.setAutoSizeFloor(17)).hasMessage("auto-sizing ceiling must be at least the floor "
                + "(17), was 16");
        assertThatThrownBy(() -> mx.setAutoSizeTargetWaitMillis(0)).hasMessageContaining("AutoSizeTargetWaitMillis");
        assertThat(mx.getAutoSizeFloor()).isEqualTo(2);
        mx.setAutoSize(true);
        assertThat(pool.isAutoSizing()).isTrue();

        List<javax.management.Notification> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        SERVER.addNotificationListener(pool.objectName(), (n, h) -> seen.add(n), null, null);
        assertThat(mx.resize(6).maxSize()).isEqualTo(6);
        assertThat(mx.isAutoSize()).as("the operator wins").isFalse();
        PoolResize last = mx.getLastResize();
        assertThat(last.by()).isEqualTo("operator");
        assertThat(last.fromMaxSize()).isEqualTo(4);
        assertThat(last.toMaxSize()).isEqualTo(6);
        assertThat(last.reason()).contains("auto-sizing is off until it is switched on again");
        assertThat(mx.getResizeHistory()).containsExactly(last);
        assertThat(seen).singleElement().satisfies(n -> {
            assertThat(n.getType()).isEqualTo("io.memorymanager.pool.resized");
            assertThat(n.getMessage()).contains("Pool 'jmx-auto-size' resized by operator: MaxSize 4 -> 6");
            assertThat(((CompositeData) n.getUserData()).get("toMaxSize")).isEqualTo(6);
        });
        assertThat(SERVER.getMBeanInfo(pool.objectName()).getNotifications())
                .anySatisfy(i -> assertThat(i.getNotifTypes()).contains("io.memorymanager.pool.resized"));
        mx.setAutoSize(true);
        assertThat(pool.isAutoSizing()).isTrue();
        mx.setMaxSize(5);
        assertThat(pool.isAutoSizing()).as("writing MaxSize is an operator's resize too").isFalse();
    }

    @Test
    void poolIsRegisteredUnderItsNameAndUnregisteredOnClose() throws Exception {
        ObjectPool<Counted> pool = pool("jmx-registered", 2);
        ObjectName name = new ObjectName("io.memorymanager:type=ObjectPool,name=jmx-registered");
        assertThat(pool.objectName()).isEqualTo(name);
        assertThat(SERVER.isRegistered(name)).isTrue();
        pool.close();
        assertThat(SERVER.isRegistered(name)).isFalse();
    }

    @Test
    void nameWithSpecialCharactersIsQuoted() throws Exception {
        ObjectPool<Counted> pool = pool("db,primary=1:*", 2);
        assertThat(pool.objectName().getKeyPropertyList()).containsOnlyKeys("type", "name");
        assertThat(proxy(pool).getName()).isEqualTo("db,primary=1:*");
    }

    @Test
    void secondPoolWithTheSameNameIsRefused() {
        pool("jmx-unique", 2);
        assertThatThrownBy(() -> pool("jmx-unique", 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a pool named 'jmx-unique' is already registered");
    }

    @Test
    void countersReadThroughJmxAreExact() throws Exception {
        ObjectPool<Counted> pool = pool("jmx-counters", 3);
        ObjectPoolMXBean jmx = proxy(pool);
        Counted a = pool.borrow();
        Counted b = pool.borrow();
        pool.release(a);
        Counted c = pool.borrow();
        assertThat(jmx.getBorrowCount()).isEqualTo(3);
        assertThat(jmx.getReturnCount()).isEqualTo(1);
        assertThat(jmx.getActive()).isEqualTo(2);
        assertThat(jmx.getIdle()).isZero();
        assertThat(jmx.getSize()).isEqualTo(2);
        assertThat(jmx.getHitCount()).isEqualTo(1);
        assertThat(jmx.getMissCount()).isEqualTo(2);
        assertThat(jmx.getHitPercent()).as("rounded to 0.1 for people").isEqualTo(33.3);
        assertThat(jmx.getBorrowCount()).isEqualTo(jmx.getReturnCount() + jmx.getActive());
        for (MBeanAttributeInfo attribute : SERVER.getMBeanInfo(pool.objectName()).getAttributes()) {
            Object value = SERVER.getAttribute(pool.objectName(), attribute.getName());
            if (java.util.Set.of("LastResize", "AutoSizing").contains(attribute.getName())) {
                // documented: null before the first resize, and without an auto-sizing policy
                assertThat(value).as(attribute.getName()).isNull();
            } else {
                assertThat(value).as(attribute.getName()).isNotNull();
            }
        }
        pool.release(b);
        pool.release(c);

        jmx.resetStatistics();
        assertThat(jmx.getBorrowCount()).isZero();
        assertThat(jmx.getMissCount()).isZero();
        assertThat(jmx.getReturnCount()).isZero();
    }

    @Test
    void resetWithObjectsOnLoanKeepsTheInvariants() {
        ObjectPool<Counted> pool = pool("jmx-reset", 3);
        ObjectPoolMXBean jmx = proxy(pool);
        Counted held = pool.borrow();
        jmx.resetStatistics();
        assertThat(jmx.getBorrowCount()).isEqualTo(jmx.getReturnCount() + jmx.getActive());
        pool.release(held);
        assertThat(jmx.getReturnCount()).isEqualTo(1);
        assertThat(jmx.getBorrowCount()).isEqualTo(jmx.getReturnCount() + jmx.getActive());
        assertThat(jmx.getHitCount() + jmx.getMissCount()).isEqualTo(jmx.getBorrowCount());
    }

    @Test
    void resizeThroughJmxChangesHowManyMayBeBorrowed() throws Exception {
        ObjectPool<Counted> pool = pool("jmx-resize", 1);
        ObjectPoolMXBean jmx = proxy(pool);
        Counted first = pool.borrow();
        assertThatThrownBy(() -> pool.borrow(Duration.ofMillis(50))).isInstanceOf(PoolExhaustedException.class);

        PoolSizes sizes = jmx.resize(2);
        assertThat(sizes.previousMaxSize()).isEqualTo(1);
        assertThat(sizes.maxSize()).isEqualTo(2);
        Counted second = pool.borrow(Duration.ofMillis(50));
        assertThat(second).isNotSameAs(first);

        SERVER.setAttribute(pool.objectName(), new Attribute("MaxSize", 1));
        pool.release(first);
        pool.release(second);
        assertThat(jmx.getSize()).isEqualTo(1);
    }

    @Test
    void invalidSizesThroughJmxAreRefusedWithAClearMessage() throws Exception {
        ObjectPool<Counted> pool = pool("jmx-invalid", 4);
        ObjectPoolMXBean jmx = proxy(pool);
        assertThatThrownBy(() -> jmx.resize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxSize must be >= 1, was 0");
        assertThatThrownBy(() -> jmx.setMinIdle(9))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("minIdle must be <= maxSize (4), was 9");
        assertThatThrownBy(() -> SERVER.setAttribute(pool.objectName(), new Attribute("MaxSize", -1)))
                .satisfiesAnyOf(e -> assertThat(e).hasRootCauseMessage("maxSize must be >= 1, was -1"),
                        e -> assertThat(e).isInstanceOf(InvalidAttributeValueException.class));
        assertThatThrownBy(() -> jmx.setIdleTimeoutMillis(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("idleTimeoutMillis must be > 0, was 0");
        assertThat(jmx.getMaxSize()).isEqualTo(4);
        assertThat(jmx.getMinIdle()).isZero();
        assertThat(jmx.getIdleTimeoutMillis()).isEqualTo(300_000);
    }

    @Test
    void evictIdleThroughJmxDestroysIdleObjectsAboveMinIdle() {
        ObjectPool<Counted> pool = pool("jmx-evict", 4);
        List<Counted> loans = List.of(pool.borrow(), pool.borrow(), pool.borrow());
        loans.forEach(pool::release);
        ObjectPoolMXBean jmx = proxy(pool);
        assertThat(jmx.evictIdle()).isEqualTo(3);
        assertThat(jmx.getSize()).isZero();
        assertThat(jmx.getEvictedCount()).isEqualTo(3);
        assertThat(jmx.getDestroyedCount()).isEqualTo(3);
    }

    @Test
    void waitersAreVisibleWhileTheyWait() throws Exception {
        ObjectPool<Counted> pool = pool("jmx-waiters", 1);
        ObjectPoolMXBean jmx = proxy(pool);
        Counted held = pool.borrow();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Counted> waiter = executor.submit(() -> pool.borrow());
            org.awaitility.Awaitility.await().until(() -> jmx.getWaiters() == 1);
            pool.release(held);
            executor.submit(() -> {
                pool.release(waiter.get());
                return null;
            }).get(5, TimeUnit.SECONDS);
            assertThat(jmx.getWaiters()).isZero();
            assertThat(jmx.getBorrowWaitCount()).isEqualTo(1);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void statsAttributeIsOneConsistentReadingWithItsDerivedFigures() throws Exception {
        ObjectPool<Counted> pool = pool("jmx-stats", 3);
        Counted a = pool.borrow();
        Counted b = pool.borrow();
        pool.release(a);
        Counted c = pool.borrow();

        // what a plain JMX client (JConsole, Jolokia) gets: open data, the derived figures among its items
        CompositeData open = (CompositeData) SERVER.getAttribute(pool.objectName(), "Stats");
        assertThat(open.get("borrowCount")).isEqualTo(3L);
        assertThat(open.get("returnCount")).isEqualTo(1L);
        assertThat(open.get("hitCount")).isEqualTo(1L);
        assertThat(open.get("missCount")).isEqualTo(2L);
        assertThat(open.get("hitPercent")).isEqualTo(33.3);
        assertThat(open.get("active")).isEqualTo(2);
        assertThat(open.get("size")).isEqualTo(2);
        assertThat(open.get("meanBorrowWaitMillis")).isEqualTo(0.0);

        PoolStats stats = proxy(pool).getStats();
        assertThat(stats.borrowCount()).isEqualTo(stats.returnCount() + stats.active() + stats.leakedCount());
        assertThat(stats.hitCount() + stats.missCount()).isEqualTo(stats.borrowCount());
        assertThat(stats).isEqualTo(pool.stats());
        pool.release(b);
        pool.release(c);
    }

    @Test
    void statsSinceAnEarlierReadingSubtractCountsAndRederiveTheFigures() {
        PoolStats earlier = new PoolStats(2, 1, 1, 0, 10, 9, 8, 2, 0, 2, 0, 0, 0, 0, 0, 0, 2, 30.0, 0, 20.0);
        PoolStats now = new PoolStats(3, 0, 3, 0, 30, 30, 25, 5, 0, 5, 2, 0, 1, 1, 0, 0, 6, 70.0, 0, 25.0);
        assertThat(earlier.hitPercent()).isEqualTo(80.0);
        assertThat(earlier.meanBorrowWaitMillis()).isEqualTo(15.0);
        PoolStats since = now.minus(earlier);
        assertThat(since.borrowCount()).isEqualTo(20);
        assertThat(since.hitCount()).isEqualTo(17);
        assertThat(since.missCount()).isEqualTo(3);
        assertThat(since.hitPercent()).isEqualTo(85.0);
        assertThat(since.borrowWaitCount()).isEqualTo(4);
        assertThat(since.meanBorrowWaitMillis()).as("40 ms over 4 waits").isEqualTo(10.0);
        assertThat(since.maxBorrowWaitMillis()).as("a maximum does not subtract").isEqualTo(25.0);
        assertThat(since.size()).as("sizes are now's").isEqualTo(3);
    }

    @Test
    void theRegistryListsPoolsWithAnMBeanAndForgetsThemWhenClosed() {
        PoolRegistry registry = new PoolRegistry(SERVER);
        ObjectPool<Counted> listed = pool("jmx-registry", 2);
        try (ObjectPool<Counted> unlisted = ObjectPool.builder("jmx-registry-private", new CountingFactory())
                .registerMBean(false).build()) {
            assertThat(registry.pools()).extracting(ObjectPoolMXBean::getName).contains("jmx-registry")
                    .doesNotContain(unlisted.name());
        }
        listed.close();
        assertThat(registry.pools()).extracting(ObjectPoolMXBean::getName).doesNotContain("jmx-registry");
    }
}
