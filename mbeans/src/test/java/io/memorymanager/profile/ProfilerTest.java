package io.memorymanager.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.memorymanager.MemoryManager;
import io.memorymanager.MemoryManagerConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.management.JMX;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live Profiler, used through a JMX proxy on the platform MBeanServer as an operator would. */
class ProfilerTest {

    /** Instances of this class are counted in histograms. */
    static final class HistogramProbe {
        final long a;
        final long b;

        HistogramProbe(long a) {
            this.a = a;
            this.b = a * 31;
        }
    }

    /** A record, whose fields JOL must still lay out. */
    record Point(int x, long y, boolean visible, Object tag) {
    }

    @TempDir
    Path out;
    private MemoryManager installed;
    private ProfilerMXBean profiler;

    @BeforeEach
    void install() {
        installed = MemoryManager.install(MemoryManagerConfig.defaults().withProfiler(
                ProfilerSettings.defaults().withOutputDirectory(out.resolve("profiler"))
                        .withHistogramMinInterval(Duration.ZERO)));
        profiler = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(), MemoryManager.PROFILER,
                ProfilerMXBean.class);
    }

    @AfterEach
    void uninstall() {
        installed.close();
    }

    @Test
    void directBufferTracingWithoutTheAgentIsRefusedInWordsAndChangesNothing() {
        assertThatThrownBy(profiler::startDirectBufferTracing).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs the Memory Manager agent (-javaagent or attach)");
        assertThat(profiler.isDirectBufferTracing()).isFalse();
        assertThat(profiler.getDirectBufferSites()).isEmpty();
        profiler.stopDirectBufferTracing();
        assertThat(profiler.isDirectBufferTracing()).isFalse();
    }

    @Test
    void histogramShowsAtLeastTheInstancesWeHold() {
        List<HistogramProbe> held = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            held.add(new HistogramProbe(i));
        }
        List<ClassHistogramEntry> top = profiler.classHistogram(1000);
        assertThat(top).filteredOn(e -> e.className().equals(HistogramProbe.class.getName()))
                .singleElement().satisfies(e -> {
                    assertThat(e.instances()).isGreaterThanOrEqualTo(50_000);
                    assertThat(e.bytes()).isGreaterThanOrEqualTo(50_000L * 16);
                    assertThat(e.sharePercent()).isBetween(0.0, 100.0);
                });
        assertThat(profiler.getLastHistogramPauseMillis()).isGreaterThanOrEqualTo(0);
        assertThat(top).hasSizeLessThanOrEqualTo(1000);
        assertThat(held).hasSize(50_000);
        assertThat(profiler.classHistogramWithoutGc(5)).hasSize(5);
    }

    @Test
    void histogramsMoreOftenThanTheMinimumIntervalAreRefused() {
        profiler.setHistogramMinIntervalMillis(600_000);
        profiler.classHistogram(1);
        assertThatThrownBy(() -> profiler.classHistogram(1))
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class)
                .hasMessageContaining("pauses the application: the next one is allowed in");
        assertThatThrownBy(() -> profiler.setHistogramMinIntervalMillis(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> profiler.classHistogram(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("top must be between 1 and 1000, was 0");
    }

    @Test
    void theClassThatGrowsBetweenTwoHistogramsRanksFirst() {
        assertThat(profiler.classHistogramDiff(10)).isEmpty();
        // an application's class: Memory Manager's own (io.memorymanager.*, but the samples) are never growth
        List<com.acme.probe.Order> held = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            held.add(new com.acme.probe.Order(i));
        }
        List<ClassGrowth> growth = profiler.classHistogramDiff(10);
        assertThat(growth.get(0).className()).isEqualTo(com.acme.probe.Order.class.getName());
        assertThat(growth.get(0).instancesDelta()).isGreaterThanOrEqualTo(200_000);
        assertThat(growth.get(0).bytesPerMinute()).isPositive();
        assertThat(held).hasSize(200_000);
    }

    @Test
    void aDiffIsSinceTheCallersPreviousDiffAndUsesAnotherCallersRecentHistogramInsteadOfRefusing() {
        io.memorymanager.ManualClock clock = new io.memorymanager.ManualClock(1_000_000);
        Profiler p = new Profiler(ProfilerSettings.defaults().withHistogramMinInterval(Duration.ofSeconds(10)), clock,
                () -> 0);
        assertThat(p.classHistogramDiff(10)).isEmpty();
        List<com.acme.probe.Order> held = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            held.add(new com.acme.probe.Order(i));
        }
        clock.advance(30_000);
        p.fullClassHistogram();                      // the leak detector's, say: it must not become the baseline
        clock.advance(3_000);
        // within the 10 s: no second pause, the detector's histogram answers, against the diff's own baseline
        List<ClassGrowth> growth = p.classHistogramDiff(10);
        assertThat(growth.get(0).className()).isEqualTo(com.acme.probe.Order.class.getName());
        assertThat(growth.get(0).instancesDelta()).isGreaterThanOrEqualTo(100_000);
        // nothing new since that diff, and too soon for another histogram: refused, with when to try again
        assertThatThrownBy(() -> p.classHistogramDiff(10))
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class)
                .hasMessageContaining("the next one is allowed in 7.0 s");
        assertThat(held).hasSize(100_000);
    }

    @Test
    void allocationsInAKnownFrameShowAsATopSiteAndInTheExportedStacks() throws Exception {
        profiler.startAllocationProfiling();
        assertThat(profiler.isAllocationProfilingEnabled()).isTrue();
        // Memory Manager's own threads allocate too (its sampling, its HTTP server): never an application's site
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread own = new Thread(() -> {
            while (!stop.get()) {
                com.acme.probe.Allocator.allocateALittle();
            }
        }, "memory-manager-test-allocator");
        own.setDaemon(true);
        own.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                allocateInAKnownFrame();
                return profiler.getTopAllocationSites().stream()
                        .anyMatch(s -> s.frames().stream().anyMatch(f -> f.contains("allocateInAKnownFrame")));
            });
        } finally {
            stop.set(true);
            own.join();
        }
        assertThat(profiler.getTopAllocationSites()).as("sites of Memory Manager's own threads")
                .noneMatch(s -> s.frames().stream().anyMatch(f -> f.contains("allocateALittle")));
        AllocationSite site = profiler.getTopAllocationSites().stream()
                .filter(s -> s.frames().stream().anyMatch(f -> f.contains("allocateInAKnownFrame")))
                .findFirst().orElseThrow();
        assertThat(site.className()).isEqualTo("byte[]");
        assertThat(site.estimatedBytes()).isPositive();
        // the application's frame: Memory Manager's own (this test's package among them) are not application frames
        assertThat(site.frames().get(0)).startsWith("com.acme.probe.Allocator.allocateInAKnownFrame");

        ExportedFile stacks = profiler.exportAllocationStacks();
        assertThat(stacks.name()).startsWith("allocations-").endsWith(".collapsed");
        List<String> lines = Files.readAllLines(Path.of(stacks.path()));
        assertThat(lines).anySatisfy(l -> assertThat(l)
                .matches("^[^ ]*allocateInAKnownFrame[^ ]*;byte\\[\\] \\d+$"));
        assertThat(System.getProperty("jdk.jfr.repository")).startsWith(out.resolve("profiler").toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("profiler/jfr-repository"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(stacks.path()))))
                .isEqualTo("rw-------");

        profiler.stopAllocationProfiling();
        assertThat(profiler.isAllocationProfilingEnabled()).isFalse();
        assertThat(profiler.getTopAllocationSites()).isNotEmpty();
    }

    private static volatile Object sink;


    private static void allocateInAKnownFrame() {
        com.acme.probe.Allocator.allocateInAKnownFrame();
    }

    @Test
    void threadsAllocatingMostAreListedWithTheirRates() throws Exception {
        Thread heavy = new Thread(() -> {
            long end = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < end) {
                sink = new byte[64 * 1024];
            }
        }, "allocation-heavy-thread");
        heavy.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> profiler.getThreadAllocationRates().stream()
                .anyMatch(t -> t.threadName().equals("allocation-heavy-thread") && t.bytesPerSecond() > 0));
        assertThat(profiler.getThreadAllocations()).anySatisfy(t -> {
            assertThat(t.threadName()).isEqualTo("allocation-heavy-thread");
            assertThat(t.allocatedBytes()).isPositive();
        });
        heavy.join();
    }

    @Test
    void objectLayoutShowsFieldsOffsetsAndPadding() {
        ObjectLayout integer = profiler.objectLayout("java.lang.Integer");
        assertThat(integer.instanceSizeBytes()).isEqualTo(16);
        assertThat(integer.headerBytes()).isEqualTo(12);
        assertThat(integer.fields()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("value");
            assertThat(f.type()).isEqualTo("int");
            assertThat(f.offset()).isEqualTo(12);
            assertThat(f.sizeBytes()).isEqualTo(4);
        });
        assertThat(integer.text()).contains("Instance size: 16 bytes");

        ObjectLayout point = profiler.objectLayout(Point.class.getName());
        assertThat(point.fields()).extracting(FieldLayout::name).containsExactlyInAnyOrder("x", "y", "visible", "tag");
        assertThat(point.paddingBytes()).isEqualTo(3);
        assertThat(point.instanceSizeBytes()).isEqualTo(32);
    }

    @Test
    void objectLayoutOfAnUnknownClassIsAClearError() {
        assertThatThrownBy(() -> profiler.objectLayout("com.nowhere.Missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("class 'com.nowhere.Missing' is not loaded in this JVM (or not visible)");
        assertThatThrownBy(() -> profiler.objectLayout("java.lang.Runnable"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("an interface");
        assertThatThrownBy(() -> profiler.objectLayout(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aJfrRecordingAppearsInTheOutputDirectoryWhenItEnds() throws IOException {
        ExportedFile pending = profiler.recordFor(1);
        assertThat(pending.complete()).isFalse();
        assertThat(pending.name()).startsWith("recording-").endsWith(".jfr");
        await().atMost(Duration.ofSeconds(30)).until(() -> profiler.listDumps().stream()
                .anyMatch(f -> f.name().equals(pending.name()) && f.sizeBytes() > 0));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("profiler")
                .resolve(pending.name())))).isEqualTo("rw-------");
        assertThatThrownBy(() -> profiler.recordFor(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> profiler.recordFor(3601)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outputDirectoryIsReported() {
        assertThat(profiler.getOutputDirectory()).isEqualTo(out.resolve("profiler").toString());
        assertThat(profiler.getMaxRetainedFiles()).isEqualTo(5);
        assertThat(profiler.getAllocationWindowSeconds()).isEqualTo(60);
    }
}
