package io.memorymanager.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kept histograms that never show up as growth in the next one. */
class HistogramBaselineTest {

    private static ClassHistogramEntry row(String name, long instances, long bytes) {
        return ClassHistogramEntry.of(1, name, "", instances, bytes, 0);
    }

    @Test
    void classesOfTheSameNameInSeveralLoadersCountTogetherAndNamesAreKeptWhenAsked() {
        HistogramBaseline b = HistogramBaseline.of(List.of(row("com.acme.Plugin", 2, 32), row("[B", 10, 1000),
                row("com.acme.Plugin", 3, 48)), 5, HistogramBaseline.Footprint.NONE, true);
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.instances("com.acme.Plugin")).isEqualTo(5);
        assertThat(b.bytes("com.acme.Plugin")).isEqualTo(80);
        assertThat(b.contains("java.lang.String")).isFalse();
        assertThat(List.of(b.name(0), b.name(1))).containsExactlyInAnyOrder("com.acme.Plugin", "[B");
    }

    @Test
    void theArraysHeldForKeptHistogramsAreLeftOutExactly() {
        HistogramBaseline first = HistogramBaseline.of(List.of(row("[J", 100, 8000), row("[C", 5, 500)), 0,
                HistogramBaseline.Footprint.NONE, true);
        HistogramBaseline.Footprint held = first.footprint();
        assertThat(held.longArrays()).isEqualTo(3);
        assertThat(held.intArrays()).isEqualTo(1);
        assertThat(held.charArrays()).isEqualTo(1);
        // the second histogram sees the first one's five arrays and nothing else new
        HistogramBaseline second = HistogramBaseline.of(List.of(row("[J", 103, 8000 + held.longArrayBytes()),
                row("[C", 6, 500 + held.charArrayBytes()), row("[I", 1, held.intArrayBytes())), 60_000, held, true);
        List<ClassGrowth> growth = second.growthSince(first, 10);
        assertThat(growth).allSatisfy(g -> assertThat(g.instancesDelta()).as(g.className()).isZero());
    }

    @Test
    void memoryManagersOwnClassesAreNeverGrowth() {
        HistogramBaseline before = HistogramBaseline.of(List.of(row("java.lang.String", 10, 240)), 0,
                HistogramBaseline.Footprint.NONE, true);
        HistogramBaseline after = HistogramBaseline.of(List.of(row("java.lang.String", 10, 240),
                row("io.memorymanager.profile.ClassHistogramEntry", 3000, 120_000),
                row("[Lio.memorymanager.leak.Suspect;", 1, 100), row("org.eclipse.jetty.io.ArrayByteBufferPool", 9, 99),
                row("io.memorymanager.samples.Workload$Item", 7, 70)), 60_000, HistogramBaseline.Footprint.NONE, true);
        assertThat(after.growthSince(before, 10)).extracting(ClassGrowth::className)
                .containsExactly("io.memorymanager.samples.Workload$Item", "java.lang.String");
    }

    @Test
    void theProfilersOwnBaselineIsNotGrowthInItsNextDiff() {
        Profiler profiler = new Profiler(ProfilerSettings.defaults().withHistogramMinInterval(Duration.ZERO),
                Clock.systemUTC(), () -> 0);
        profiler.classHistogramDiff(1000);
        List<ClassGrowth> growth = profiler.classHistogramDiff(1000);
        // keeping the first histogram as records and strings showed here as thousands more of each
        assertThat(growth).extracting(ClassGrowth::className).noneMatch(n -> n.startsWith("io.memorymanager."));
        long strings = growth.stream().filter(g -> g.className().equals("java.lang.String"))
                .mapToLong(ClassGrowth::instancesDelta).sum();
        assertThat(strings).as("more Strings in the second histogram").isLessThan(500);
    }
}
