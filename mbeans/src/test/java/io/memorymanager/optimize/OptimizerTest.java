package io.memorymanager.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memorymanager.ManualClock;
import io.memorymanager.cache.CacheRegistry;
import io.memorymanager.cache.ManagedCache;
import io.memorymanager.cache.SoftCache;
import io.memorymanager.internal.DescribedMBean;
import io.memorymanager.internal.DiagnosticCommands;
import io.memorymanager.internal.ObjectNames;
import io.memorymanager.optimize.OptimizationReport.OptimizationStep;
import io.memorymanager.pool.ObjectPool;
import io.memorymanager.pool.PoolRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    private static final int MB = 1 << 20;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final CacheRegistry caches = new CacheRegistry(server);
    private final ManualClock clock = new ManualClock(1_000_000);
    private final Optimizer optimizer = new Optimizer(caches, new PoolRegistry(server), Duration.ofSeconds(60), () -> -1, clock);
    private static volatile List<byte[]> retained;

    @AfterEach
    void close() {
        caches.close();
    }

    @Test
    @Tag("gc")
    void forceGcReportsMostOfWhatWasDroppedAsFreedAndCooldownRefusesTheNextCall() {
        retain(64);
        optimizer.forceGc();            // a clean start: what is garbage already goes now
        clock.advance(60_000);
        retained = null;
        OptimizationReport report = optimizer.forceGc();
        assertThat(report.operation()).isEqualTo("forceGc");
        assertThat(report.freedBytes()).as(report.message()).isGreaterThan(32L * MB);
        assertThat(report.heapUsedBeforeBytes() - report.heapUsedAfterBytes()).isEqualTo(report.freedBytes());
        assertThat(report.freedPercent()).isPositive();
        assertThat(report.pools()).isNotEmpty().allSatisfy(p -> assertThat(p.usedBeforeBytes()).isNotNegative());
        assertThat(report.durationMillis()).isNotNegative();
        assertThat(report.steps()).extracting(OptimizationStep::step).containsExactly("System.gc()");
        assertThat(optimizer.getLastReport()).isEqualTo(report);

        clock.advance(15_000);
        assertThatThrownBy(optimizer::forceGc).isInstanceOf(RejectedExecutionException.class)
                .hasMessage("forceGc ran 15 s ago; it may run again in 45 s (cooldown 60 s)");
        assertThat(optimizer.getLastReport()).as("a refused call changes nothing").isEqualTo(report);
        assertThat(optimizer.compact().operation()).as("each operation has its own cooldown").isEqualTo("compact");
        clock.advance(45_000);
        assertThat(optimizer.forceGc().operation()).isEqualTo("forceGc");
    }

    @Test
    void compactIsAFullCollectionThatFreesDroppedMemory() {
        retain(48);
        retained = null;
        OptimizationReport report = optimizer.compact();
        assertThat(report.freedBytes()).as(report.message()).isGreaterThan(24L * MB);
        assertThat(report.steps()).singleElement().satisfies(s -> assertThat(s.detail()).contains("full"));
    }

    @Test
    void optimizeTrimsPoolsClearsCachesThenCompactsAndSaysWhatEachStepDid() {
        SoftCache<Integer, byte[]> soft = new SoftCache<>(b -> b.length);
        for (int i = 0; i < 16; i++) {
            soft.put(i, new byte[MB]);
        }
        caches.register("blobs", soft);
        try (ObjectPool<byte[]> pool = ObjectPool.builder("optimizer-test", () -> new byte[1024]).maxSize(8).minIdle(1)
                .idleTimeout(Duration.ofHours(1)).build()) {
            List<byte[]> loans = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                loans.add(pool.borrow());
            }
            loans.forEach(pool::release);
            assertThat(pool.idle()).isEqualTo(6);

            OptimizationReport report = optimizer.optimize();
            assertThat(report.steps()).extracting(OptimizationStep::step)
                    .containsSubsequence("trim pool optimizer-test", "clear cache blobs", "full GC");
            assertThat(report.steps()).filteredOn(s -> s.step().equals("clear cache blobs")).singleElement()
                    .satisfies(s -> assertThat(s.releasedBytes()).isEqualTo(16L * MB));
            assertThat(pool.idle()).isEqualTo(1);
            assertThat(soft.size()).isZero();
            assertThat(report.freedBytes()).as(report.message()).isGreaterThan(8L * MB);
        }
    }

    @Test
    void clearCacheNamesTheCachesWhenTheNameIsUnknown() {
        Map<String, String> map = Collections.synchronizedMap(new LinkedHashMap<>(Map.of("a", "1", "b", "2")));
        caches.register("sessions", ManagedCache.of(map));
        assertThatThrownBy(() -> optimizer.clearCache("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no cache named 'nope'; registered: [sessions]");
        OptimizationReport report = optimizer.clearCache("sessions");
        assertThat(map).isEmpty();
        assertThat(report.steps()).singleElement().satisfies(s -> {
            assertThat(s.detail()).startsWith("2 entries before, 0 after; bytes unknown");
            assertThat(s.releasedBytes()).isEqualTo(-1);
        });
        assertThat(optimizer.clearAllCaches().steps()).extracting(OptimizationStep::step)
                .containsExactly("clear cache sessions");
    }

    @Test
    void aReportWithoutACollectionSaysTheEstimateAndNotAMeasuredZero() {
        SoftCache<Integer, byte[]> soft = new SoftCache<>(b -> b.length);
        for (int i = 0; i < 8; i++) {
            soft.put(i, new byte[MB]);
        }
        caches.register("blobs8", soft);
        OptimizationReport report = optimizer.clearCache("blobs8");
        assertThat(report.steps()).singleElement().satisfies(s -> assertThat(s.releasedBytes()).isEqualTo(8L * MB));
        assertThat(report.message()).startsWith("clearCache(blobs8) in ")
                .contains("released ~8.0 MB by its own estimate; no collection ran, so the heap (")
                .contains("shows it only after the next one").doesNotContain("freed");
    }

    @Test
    void cooldownIsValidated() {
        assertThatThrownBy(() -> optimizer.setCooldownSeconds(-1))
                .hasMessage("cooldownSeconds must be between 0 and 86400, was -1");
        assertThat(optimizer.getCooldownSeconds()).isEqualTo(60);
        optimizer.setCooldownSeconds(0);
        optimizer.trimPools();
        assertThat(optimizer.trimPools().operation()).isEqualTo("trimPools");
    }

    @Test
    void heapFreeRatiosAreValidatedAndSetInAnOrderTheJvmAccepts() {
        String min = flag("MinHeapFreeRatio");
        String max = flag("MaxHeapFreeRatio");
        try {
            assertThatThrownBy(() -> optimizer.setHeapFreeRatios(70, 20))
                    .hasMessage("need 0 <= minPercent <= maxPercent <= 100, was min 70, max 20");
            assertThat(flag("MinHeapFreeRatio")).isEqualTo(min);
            optimizer.setHeapFreeRatios(10, 20);
            List<HeapFlag> flags = optimizer.setHeapFreeRatios(80, 90);   // min above the old max: max goes first
            assertThat(flags).extracting(HeapFlag::name)
                    .containsExactly("MinHeapFreeRatio", "MaxHeapFreeRatio", "SoftMaxHeapSize");
            assertThat(flags.get(0).value()).isEqualTo("80");
            assertThat(flags.get(1).value()).isEqualTo("90");
            assertThat(flags.get(0).writeable()).isTrue();
        } finally {
            optimizer.setHeapFreeRatios(Integer.parseInt(min), Integer.parseInt(max));
        }
    }

    @Test
    void softMaxHeapSizeIsRefusedWhereTheCollectorIgnoresIt() {
        // surefire runs these tests on G1
        assertThat(optimizer.getHeapSizingFlags()).filteredOn(f -> f.name().equals("SoftMaxHeapSize")).singleElement()
                .satisfies(f -> assertThat(f.honoured()).isFalse());
        assertThatThrownBy(() -> optimizer.setSoftMaxHeapSize(64L * MB)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("honoured only by ZGC and Shenandoah");
        assertThatThrownBy(() -> optimizer.setSoftMaxHeapSize(Long.MAX_VALUE))
                .hasMessageContaining("SoftMaxHeapSize must be between 1 MB and the maximum heap");
    }

    @Test
    void nativeHeapTrimRunsWhereSupportedAndSaysSoWhereNot() {
        AtomicLong rss = new AtomicLong(500L * MB);
        Optimizer o = new Optimizer(caches, new PoolRegistry(server), Duration.ZERO, () -> rss.getAndAdd(-10L * MB));
        if (DiagnosticCommands.supports(Optimizer.TRIM_NATIVE)) {
            OptimizationReport report = o.trimNativeHeap();
            assertThat(report.steps()).singleElement().satisfies(s -> {
                assertThat(s.step()).isEqualTo("System.trim_native_heap");
                assertThat(s.releasedBytes()).isEqualTo(10L * MB);
                assertThat(s.detail()).contains("resident memory 500.0 MB before, 490.0 MB after");
            });
        } else {
            assertThatThrownBy(o::trimNativeHeap).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("cannot trim its native heap");
        }
    }

    @Test
    void reportsTravelAsOpenDataThroughAnMXBeanProxy() throws Exception {
        ObjectName name = ObjectNames.of("Optimizer", "test");
        server.registerMBean(DescribedMBean.of(optimizer, OptimizerMXBean.class), name);
        try {
            OptimizerMXBean proxy = JMX.newMXBeanProxy(server, name, OptimizerMXBean.class);
            OptimizationReport report = proxy.trimPools();
            assertThat(report.operation()).isEqualTo("trimPools");
            assertThat(proxy.getLastReport()).isEqualTo(report);
            assertThatThrownBy(proxy::trimPools).hasMessageContaining("it may run again in 60 s");
            assertThat(proxy.getHeapSizingFlags()).hasSize(3);
        } finally {
            server.unregisterMBean(name);
        }
    }

    private static String flag(String name) {
        return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .getVMOption(name).getValue();
    }

    private static void retain(int megabytes) {
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < megabytes; i++) {
            list.add(new byte[MB]);
        }
        retained = list;
    }
}
