package io.memorymanager.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memorymanager.MemoryManager;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The live JvmMemory MXBean through a proxy on the platform server. */
class JvmMemoryMXBeanContractTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static MemoryManager installed;
    private static JvmMemoryMXBean proxy;

    @BeforeAll
    static void install() {
        installed = MemoryManager.install();
        proxy = JMX.newMXBeanProxy(SERVER, MemoryManager.JVM_MEMORY, JvmMemoryMXBean.class);
    }

    @AfterAll
    static void uninstall() {
        installed.close();
    }

    @Test
    void everyAttributeIsReadable() throws Exception {
        MBeanAttributeInfo[] attributes = SERVER.getMBeanInfo(MemoryManager.JVM_MEMORY).getAttributes();
        assertThat(attributes).hasSizeGreaterThanOrEqualTo(22);
        for (MBeanAttributeInfo a : attributes) {
            assertThat(SERVER.getAttribute(MemoryManager.JVM_MEMORY, a.getName())).as(a.getName()).isNotNull();
        }
    }

    @Test
    void heapValuesAreConsistent() {
        long used = proxy.getHeapUsedBytes();
        long max = proxy.getHeapMaxBytes();
        assertThat(used).isPositive();
        assertThat(proxy.getHeapCommittedBytes()).isPositive();
        if (max > 0) {
            assertThat(used).isLessThanOrEqualTo(max);
            assertThat(proxy.getHeapUsedPercent()).isBetween(0.0, 100.0);
        }
        assertThat(proxy.getNonHeapUsedBytes()).isPositive();
        assertThat(proxy.getMetaspaceUsedBytes()).isPositive().isLessThanOrEqualTo(proxy.getNonHeapUsedBytes());
    }

    @Test
    void threadAndClassCountsAreConsistent() {
        assertThat(proxy.getDaemonThreadCount()).isPositive().isLessThanOrEqualTo(proxy.getThreadCount());
        assertThat(proxy.getThreadCount()).isLessThanOrEqualTo(proxy.getPeakThreadCount());
        assertThat(proxy.getLoadedClassCount()).isGreaterThan(1000);
    }

    @Test
    void directBuffersAreCounted() {
        long before = proxy.getDirectBufferBytes();
        ByteBuffer buffer = ByteBuffer.allocateDirect(4 * 1024 * 1024);
        assertThat(proxy.getDirectBufferBytes()).isGreaterThanOrEqualTo(before + buffer.capacity());
        assertThat(proxy.getMappedBufferBytes()).isGreaterThanOrEqualTo(0);
    }

    @Test
    @Tag("gc")
    void liveSetFloorIsKnownAfterAFullCollection() {
        long countBefore = proxy.getGcCount();
        // Collect again while waiting: one notification can be slow to arrive on a loaded machine.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            System.gc();
            return proxy.getOldGenUsedAfterGcBytes() >= 0;
        });
        assertThat(proxy.getGcCount()).isGreaterThan(countBefore);
        assertThat(proxy.getGcTimeMillis()).isGreaterThanOrEqualTo(0);
        assertThat(proxy.getOldGenUsedAfterGcBytes()).isLessThanOrEqualTo(proxy.getHeapMaxBytes());
        assertThat(proxy.getHeapUsedAfterGcPercent()).isBetween(0.0, 100.0);
        assertThat(proxy.getCollectors()).isNotEmpty()
                .anySatisfy(c -> assertThat(c.count()).isPositive())
                .anySatisfy(c -> assertThat(c.lastPauseMillis()).isGreaterThanOrEqualTo(0));
    }

    @Test
    void poolsDescribeHeapAndNonHeap() {
        assertThat(proxy.getPools()).extracting(MemoryPoolSnapshot::type).contains("HEAP", "NON_HEAP");
        assertThat(proxy.getPools()).allSatisfy(p -> {
            assertThat(p.usedBytes()).isGreaterThanOrEqualTo(0);
            assertThat(p.committedBytes()).isGreaterThanOrEqualTo(0);
            if (p.maxBytes() > 0) {
                assertThat(p.usedBytes()).isLessThanOrEqualTo(p.maxBytes());
            }
        });
    }

    @Test
    void theRateAttributesCoverTheWindowSinceTheirReadBeforeWhoeverElseReadsTheJvm() {
        AtomicLong nanos = new AtomicLong();
        JvmMemory jvm = new JvmMemory(nanos::get);
        try {
            assertThat(jvm.getAllocationRateBytesPerSecond()).as("the first read opens the window").isEqualTo(-1);
            byte[][] keep = new byte[64][];
            for (int i = 0; i < 64; i++) {
                keep[i] = new byte[1024 * 1024];
            }
            // a sampler taking snapshots in between (as the Monitor does) does not move the attributes' window
            JvmSnapshot a = jvm.snapshot();
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(400));
            assertThat(jvm.getAllocationRateBytesPerSecond()).as("under a second: still the last window").isEqualTo(-1);
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(600));
            JvmSnapshot b = jvm.snapshot();
            long rate = jvm.getAllocationRateBytesPerSecond();
            assertThat(keep[63]).hasSize(1024 * 1024);
            assertThat(rate).isGreaterThanOrEqualTo(64L * 1024 * 1024);
            assertThat(jvm.getGcOverheadPercent()).isBetween(0.0, 100.0);
            assertThat(jvm.getAllocationRateBytesPerSecond()).as("read again at once: the same window").isEqualTo(rate);
            JvmMemory.Rates between = JvmMemory.Rates.between(a, b);
            assertThat(between.allocationRateBytesPerSecond()).as("over 600 ms, after the 64 MB").isLessThan(rate);
            assertThat(JvmMemory.Rates.between(b, a)).as("out of order").isEqualTo(JvmMemory.Rates.between(null, a));
        } finally {
            jvm.close();
        }
    }
}
