package io.memorymanager.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.memorymanager.MemoryManager;
import io.memorymanager.MemoryManagerConfig;
import io.memorymanager.jvm.JvmMemoryMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The monitor on the platform MBeanServer, driven and observed through JMX as a remote client would. */
class MonitorTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private final List<Notification> received = new CopyOnWriteArrayList<>();
    private final NotificationListener listener = (n, handback) -> received.add(n);
    private MemoryManager installed;
    private MonitorMXBean monitor;
    private JvmMemoryMXBean jvm;

    @BeforeEach
    void install() throws Exception {
        MonitorSettings settings = MonitorSettings.defaults()
                .withSampleInterval(Duration.ofMillis(20))
                .withHistorySize(5);
        installed = MemoryManager.install(MemoryManagerConfig.defaults().withMonitor(settings)
                .withSystemCacheDuration(Duration.ZERO));
        monitor = JMX.newMXBeanProxy(SERVER, MemoryManager.MONITOR, MonitorMXBean.class, true);
        jvm = JMX.newMXBeanProxy(SERVER, MemoryManager.JVM_MEMORY, JvmMemoryMXBean.class);
        SERVER.addNotificationListener(MemoryManager.MONITOR, listener, null, null);
    }

    @AfterEach
    void uninstall() throws Exception {
        SERVER.removeNotificationListener(MemoryManager.MONITOR, listener);
        installed.close();
    }

    private List<Notification> ofType(String type) {
        return received.stream().filter(n -> n.getType().equals(type)).toList();
    }

    private void awaitMoreSamples(int n) {
        long target = monitor.getSampleCount() + n;
        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.getSampleCount() >= target);
    }

    @Test
    void thresholdBelowTheCurrentValueSendsExactlyOneWarningThenOneRecovered() {
        double used = monitor.sampleNow().systemUsedPercent();
        assertThat(used).isPositive();

        monitor.setThresholds("system", used / 2, 100);
        await().atMost(Duration.ofSeconds(10)).until(() -> !ofType(Monitor.WARNING).isEmpty());
        awaitMoreSamples(10);
        assertThat(received).hasSize(1);

        Notification warning = received.get(0);
        assertThat(warning.getType()).isEqualTo("io.memorymanager.memory.warning");
        assertThat(warning.getSource()).isEqualTo(MemoryManager.MONITOR);
        assertThat(warning.getMessage()).startsWith("System memory at ");
        CompositeData data = (CompositeData) warning.getUserData();
        assertThat(data.get("metric")).isEqualTo("system");
        assertThat(data.get("level")).isEqualTo("WARNING");
        assertThat((Double) data.get("valuePercent")).isGreaterThanOrEqualTo(used / 2);
        assertThat(data.get("warningPercent")).isEqualTo(used / 2);
        assertThat(monitor.getPressureLevel()).isEqualTo(PressureLevel.HIGH);
        assertThat(monitor.getPressureCause()).startsWith("System memory at ").contains("% (warning ");

        monitor.setThresholds("system", 99, 100);
        await().atMost(Duration.ofSeconds(10)).until(() -> !ofType(Monitor.RECOVERED).isEmpty());
        awaitMoreSamples(10);
        assertThat(received).extracting(Notification::getType)
                .containsExactly(Monitor.WARNING, Monitor.RECOVERED);
        assertThat(received.get(1).getSequenceNumber()).isGreaterThan(warning.getSequenceNumber());
    }

    @Test
    void invalidThresholdsAreRefusedAndLeaveTheOldValues() {
        double warning = monitor.getSystemWarningPercent();
        double critical = monitor.getSystemCriticalPercent();

        assertThatThrownBy(() -> monitor.setSystemWarningPercent(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> monitor.setSystemWarningPercent(critical + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be < criticalPercent");
        assertThatThrownBy(() -> monitor.setSystemCriticalPercent(100.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> monitor.setSystemCriticalPercent(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> monitor.setThresholds("system", 90, 80))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("system thresholds unchanged:");
        assertThatThrownBy(() -> monitor.setThresholds("disk", 50, 60))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heapAfterGc, system, container");

        assertThat(monitor.getSystemWarningPercent()).isEqualTo(warning);
        assertThat(monitor.getSystemCriticalPercent()).isEqualTo(critical);
    }

    @Test
    void sampleIntervalIsValidatedAndApplied() {
        assertThatThrownBy(() -> monitor.setSampleIntervalMillis(3_600_001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SampleIntervalMillis must be at most 3600000, was 3600001");
        assertThat(monitor.getSampleIntervalMillis()).isEqualTo(20);

        monitor.setSampleIntervalMillis(3_600_000);
        long count = monitor.getSampleCount();
        monitor.sampleNow();
        assertThat(monitor.getSampleCount()).isEqualTo(count + 1);
        monitor.setSampleIntervalMillis(MonitorMXBean.MIN_SAMPLE_INTERVAL_MILLIS);
        assertThat(monitor.getSampleIntervalMillis()).isEqualTo(250);
        awaitMoreSamples(2);
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE, -1, 0, 1, 10, 249})
    void aSampleIntervalBelowTheFloorIsRefusedOverJmxAndTheIntervalIsUnchanged(long millis) throws Exception {
        assertThatThrownBy(() -> monitor.setSampleIntervalMillis(millis))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SampleIntervalMillis must be at least 250, was " + millis);
        assertThatThrownBy(() -> SERVER.setAttribute(MemoryManager.MONITOR,
                new javax.management.Attribute("SampleIntervalMillis", millis)))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage("SampleIntervalMillis must be at least 250, was " + millis);
        assertThat(monitor.getSampleIntervalMillis()).isEqualTo(20);
    }

    @Test
    void theFloorsAreInTheDescriptionsJConsoleShows() throws Exception {
        assertThat(description(MemoryManager.MONITOR, "SampleIntervalMillis")).contains("from 250");
        assertThat(description(MemoryManager.SYSTEM_MEMORY, "CacheMillis")).contains("from 250");
    }

    private static String description(javax.management.ObjectName name, String attribute) throws Exception {
        return Arrays.stream(SERVER.getMBeanInfo(name).getAttributes())
                .filter(a -> a.getName().equals(attribute)).findFirst().orElseThrow().getDescription();
    }

    @Test
    void historyKeepsTheLastSamplesOldestFirst() {
        awaitMoreSamples(8);
        List<Sample> history = monitor.getHistory();
        assertThat(history).hasSize(5);
        assertThat(history).extracting(Sample::timestampMillis).isSorted();
        Sample fresh = monitor.sampleNow();
        assertThat(monitor.getHistory()).hasSize(5).contains(fresh);
        assertThat(fresh.heapUsedBytes()).isPositive();
        assertThat(fresh.threadCount()).isPositive();
    }

    @Test
    @Tag("gc")
    void sawtoothHeapDoesNotAlertButARisingLiveSetDoes() {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            System.gc();
            return jvm.getHeapUsedAfterGcPercent() >= 0;
        });
        double floor = jvm.getHeapUsedAfterGcPercent();
        double warning = floor + 20;
        monitor.setThresholds("heapAfterGc", warning, 99);

        // Churn garbage until raw heap usage has passed the warning line several times.
        long heapMax = jvm.getHeapMaxBytes();
        double rawPeak = 0;
        byte[][] ring = new byte[4][];
        for (int i = 0; rawPeak < warning + 5 && i < 200_000; i++) {
            ring[i % ring.length] = new byte[256 * 1024];
            if (i % 64 == 0) {
                rawPeak = Math.max(rawPeak, 100.0 * monitor.sampleNow().heapUsedBytes() / heapMax);
            }
        }
        assertThat(rawPeak).as("raw heap went above the warning line").isGreaterThan(warning);
        assertThat(ofType(Monitor.WARNING)).as("sawtooth heap alerts").isEmpty();

        // Now keep memory: the live set after a full collection passes the line.
        byte[][] kept = new byte[(int) (heapMax * (warning + 5 - floor) / 100 / (1024 * 1024)) + 1][];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = new byte[1024 * 1024];
        }
        System.gc();
        await().atMost(Duration.ofSeconds(10)).until(() -> !ofType(Monitor.WARNING).isEmpty());
        CompositeData data = (CompositeData) ofType(Monitor.WARNING).get(0).getUserData();
        assertThat(data.get("metric")).isEqualTo("heapAfterGc");
        assertThat(kept[kept.length - 1]).hasSize(1024 * 1024);
    }
}
