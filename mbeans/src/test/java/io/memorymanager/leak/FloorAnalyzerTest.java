package io.memorymanager.leak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Synthetic heap-floor series, one sample every 10 s, deterministic (seeded noise): each pattern with the verdict
 * a careful operator would give it.
 */
class FloorAnalyzerTest {

    private static final long MB = 1 << 20;
    private static final double ALPHA = 0.01;

    /** n samples 10 s apart of floor(i), in bytes. */
    private static HeapAssessment assess(int n, IntToDoubleFunction floor, long maxHeap) {
        long[] t = new long[n];
        long[] x = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_000_000L + i * 10_000L;
            x[i] = Math.round(floor.applyAsDouble(i));
        }
        return FloorAnalyzer.assess(t, x, maxHeap, ALPHA);
    }

    private static double minutes(int i) {
        return i / 6.0;
    }

    @Test
    void fastLeakIsCriticalWithTimeToExhaustionUnderAnHour() {
        // 100 MB + 5 MB/min for 10 min, heap 256 MB: full in about 20 min
        HeapAssessment a = assess(60, i -> 100 * MB + 5 * MB * minutes(i), 256 * MB);
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(a.score()).isBetween(80, 100);
        assertThat(a.growthBytesPerMinute()).isCloseTo(5.0 * MB, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(a.timeToExhaustionSeconds()).isBetween(18 * 60L, 24 * 60L);
        assertThat(a.pattern()).isEqualTo("sustained");
        assertThat(a.message()).contains("heap floor grows 5.0 MB/min").contains("the heap is full in");
    }

    @Test
    void steadyLeakIsAWarningWhenItExhaustsTheHeapWithinADay() {
        // 200 MB + 0.5 MB/min, heap 512 MB: full in about 10 h
        HeapAssessment a = assess(90, i -> 200 * MB + 0.5 * MB * minutes(i), 512 * MB);
        assertThat(a.severity()).isEqualTo(Severity.WARNING);
        assertThat(a.score()).isBetween(50, 79);
        assertThat(a.timeToExhaustionSeconds()).isBetween(9 * 3600L, 11 * 3600L);
    }

    @Test
    void slowLeakIsInformation() {
        // 0.05 MB/min into a 4 GB heap: weeks away
        HeapAssessment a = assess(90, i -> 300 * MB + 0.05 * MB * minutes(i), 4096 * MB);
        assertThat(a.severity()).isEqualTo(Severity.INFO);
        assertThat(a.score()).isBetween(21, 49);
        assertThat(a.timeToExhaustionSeconds()).isGreaterThan(86_400);
    }

    @Test
    void noisyLeakIsStillFound() {
        Random noise = new Random(42);
        HeapAssessment a = assess(180, i -> 200 * MB + 1 * MB * minutes(i) + noise.nextGaussian() * 3 * MB, 1024 * MB);
        assertThat(a.severity()).isEqualTo(Severity.WARNING);
        assertThat(a.growthBytesPerMinute()).isCloseTo(1.0 * MB, org.assertj.core.data.Percentage.withPercentage(15));
    }

    @Test
    void floorNearlyFullAndRisingIsCriticalEvenWhenSlow() {
        HeapAssessment a = assess(60, i -> 930 * MB + 0.2 * MB * minutes(i), 1000 * MB);
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void sawtoothIsNotALeak() {
        HeapAssessment a = assess(60, i -> 100 * MB + (i % 10) * 10 * MB, 512 * MB);
        assertThat(a.severity()).isEqualTo(Severity.NONE);
        assertThat(a.score()).isLessThanOrEqualTo(20);
    }

    @Test
    void noiseAroundAFlatFloorIsNotALeak() {
        Random noise = new Random(7);
        HeapAssessment a = assess(120, i -> 150 * MB + noise.nextGaussian() * 2 * MB, 512 * MB);
        assertThat(a.severity()).isEqualTo(Severity.NONE);
        assertThat(a.score()).isLessThanOrEqualTo(20);
    }

    @Test
    void burstsAreNotALeak() {
        Random bursts = new Random(3);
        HeapAssessment a = assess(120, i -> 150 * MB + (bursts.nextInt(20) == 0 ? 60 * MB : 0)
                + bursts.nextGaussian() * MB, 512 * MB);
        assertThat(a.severity()).isEqualTo(Severity.NONE);
    }

    @Test
    void aOneTimeStepIsInformationNotALeak() {
        Random noise = new Random(11);
        HeapAssessment a = assess(60, i -> (i < 30 ? 100 : 200) * MB + noise.nextGaussian() * MB, 512 * MB);
        assertThat(a.severity()).isEqualTo(Severity.INFO);
        assertThat(a.pattern()).isEqualTo("step");
        assertThat(a.score()).isLessThan(50);
        assertThat(a.message()).contains("one-time step of");
    }

    @Test
    void warmUpTowardsAPlateauIsNotAWarning() {
        // A cache filling: 50 MB + 300 MB * (1 - e^(-t/2min)) over 20 min.
        HeapAssessment a = assess(120, i -> 50 * MB + 300 * MB * (1 - Math.exp(-minutes(i) / 2)), 1024 * MB);
        assertThat(a.severity()).isIn(Severity.NONE, Severity.INFO);
        assertThat(a.score()).isLessThan(50);
        assertThat(a.pattern()).isIn("decelerating", "flat");
    }

    @Test
    void tooFewSamplesGiveNoVerdict() {
        HeapAssessment a = assess(5, i -> 100 * MB + 50 * MB * i, 256 * MB);
        assertThat(a.severity()).isEqualTo(Severity.NONE);
        assertThat(a.pattern()).isEqualTo("collecting");
    }

    @Test
    void unknownMaximumHeapGivesNoTimeToExhaustion() {
        HeapAssessment a = assess(60, i -> 100 * MB + 5 * MB * minutes(i), -1);
        assertThat(a.timeToExhaustionSeconds()).isEqualTo(-1);
        assertThat(a.severity()).isEqualTo(Severity.WARNING);
    }
}
