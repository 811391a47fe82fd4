package io.memorymanager.leak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Synthetic heap-floor series, one sample every 10 s, deterministic (seeded noise): each pattern with the verdict
 * a careful operator would give it.
 */
class TrendJudgeTest {

    private static final long MB = 1 << 20;
    private static final double ALPHA = 0.01;

    /** n samples 10 s apart of floor(i), in bytes. */
    private static Assessment assess(int n, IntToDoubleFunction floor, long maxHeap) {
        long[] t = new long[n];
        long[] x = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_000_000L + i * 10_000L;
            x[i] = Math.round(floor.applyAsDouble(i));
        }
        return TrendJudge.judge(t, x, heap(maxHeap), ALPHA);
    }

    /** The heap's rules at the default 10-minute window. */
    private static TrendJudge.Rules heap(long maxHeap) {
        long[] e = TrendJudge.Rules.evidence(600_000);
        return new TrendJudge.Rules("heap floor", TrendJudge::bytes, maxHeap, 0, 0, 0, 0, e[0], e[1], true);
    }

    private static Assessment judge(int n, IntToDoubleFunction value, TrendJudge.Rules rules) {
        long[] t = new long[n];
        long[] x = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_000_000L + i * 10_000L;
            x[i] = Math.round(value.applyAsDouble(i));
        }
        return TrendJudge.judge(t, x, rules, ALPHA);
    }

    private static double minutes(int i) {
        return i / 6.0;
    }

    @Test
    void fastLeakIsCriticalWithTimeToExhaustionUnderAnHour() {
        // 100 MB + 5 MB/min for 10 min, heap 256 MB: full in about 20 min
        Assessment a = assess(60, i -> 100 * MB + 5 * MB * minutes(i), 256 * MB);
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(a.score()).isBetween(80, 100);
        assertThat(a.growthPerMinute()).isCloseTo(5.0 * MB, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(a.timeToExhaustionSeconds()).isBetween(18 * 60L, 24 * 60L);
        assertThat(a.pattern()).isEqualTo("sustained");
        assertThat(a.message()).contains("Heap floor grows 5.0 MB/min").contains("reaches the limit of 256.0 MB in");
    }

    @Test
    void steadyLeakIsAWarningWhenItExhaustsTheHeapWithinADay() {
        // 200 MB + 0.5 MB/min, heap 512 MB: full in about 10 h
        Assessment a = assess(90, i -> 200 * MB + 0.5 * MB * minutes(i), 512 * MB);
        assertThat(a.severity()).isEqualTo(Severity.WARNING);
        assertThat(a.score()).isBetween(50, 79);
        assertThat(a.timeToExhaustionSeconds()).isBetween(9 * 3600L, 11 * 3600L);
    }

    @Test
    void slowLeakIsInformation() {
        // 0.05 MB/min into a 4 GB heap: weeks away
        Assessment a = assess(90, i -> 300 * MB + 0.05 * MB * minutes(i), 4096 * MB);
        assertThat(a.severity()).isEqualTo(Severity.INFO);
        assertThat(a.score()).isBetween(21, 49);
        assertThat(a.timeToExhaustionSeconds()).isGreaterThan(86_400);
    }

    @Test
    void noisyLeakIsStillFound() {
        Random noise = new Random(42);
        Assessment a = assess(180, i -> 200 * MB + 1 * MB * minutes(i) + noise.nextGaussian() * 3 * MB, 1024 * MB);
        assertThat(a.severity()).isEqualTo(Severity.WARNING);
        assertThat(a.growthPerMinute()).isCloseTo(1.0 * MB, org.assertj.core.data.Percentage.withPercentage(15));
    }

    @Test
    void floorNearlyFullAndRisingIsCriticalEvenWhenSlow() {
        Assessment a = assess(60, i -> 930 * MB + 0.2 * MB * minutes(i), 1000 * MB);
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void sawtoothIsNotALeak() {
        Assessment a = assess(60, i -> 100 * MB + (i % 10) * 10 * MB, 512 * MB);
        assertThat(a.severity()).isEqualTo(Severity.NONE);
        assertThat(a.score()).isLessThanOrEqualTo(20);
    }

    @Test
    void noiseAroundAFlatFloorIsNotALeak() {
        Random noise = new Random(7);
        Assessment a = assess(120, i -> 150 * MB + noise.nextGaussian() * 2 * MB, 512 * MB);
        assertThat(a.severity()).isEqualTo(Severity.NONE);
        assertThat(a.score()).isLessThanOrEqualTo(20);
    }

    @Test
    void burstsAreNotALeak() {
        Random bursts = new Random(3);
        Assessment a = assess(120, i -> 150 * MB + (bursts.nextInt(20) == 0 ? 60 * MB : 0)
                + bursts.nextGaussian() * MB, 512 * MB);
        assertThat(a.severity()).isEqualTo(Severity.NONE);
    }

    @Test
    void aOneTimeStepIsInformationNotALeak() {
        Random noise = new Random(11);
        Assessment a = assess(60, i -> (i < 30 ? 100 : 200) * MB + noise.nextGaussian() * MB, 512 * MB);
        assertThat(a.severity()).isEqualTo(Severity.INFO);
        assertThat(a.pattern()).isEqualTo("step");
        assertThat(a.score()).isLessThan(50);
        assertThat(a.message()).contains("one-time rise of");
    }

    @Test
    void warmUpTowardsAPlateauIsNotAWarning() {
        // A cache filling: 50 MB + 300 MB * (1 - e^(-t/2min)) over 20 min.
        Assessment a = assess(120, i -> 50 * MB + 300 * MB * (1 - Math.exp(-minutes(i) / 2)), 1024 * MB);
        assertThat(a.severity()).isIn(Severity.NONE, Severity.INFO);
        assertThat(a.score()).isLessThan(50);
        assertThat(a.pattern()).isIn("decelerating", "flat");
    }

    @Test
    void tooFewSamplesGiveNoVerdict() {
        Assessment a = assess(5, i -> 100 * MB + 50 * MB * i, 256 * MB);
        assertThat(a.severity()).isEqualTo(Severity.NONE);
        assertThat(a.pattern()).isEqualTo("collecting");
    }

    @Test
    void unknownMaximumHeapGivesNoTimeToExhaustion() {
        Assessment a = assess(60, i -> 100 * MB + 5 * MB * minutes(i), -1);
        assertThat(a.timeToExhaustionSeconds()).isEqualTo(-1);
        assertThat(a.severity()).isEqualTo(Severity.WARNING);
    }

    // ------------------------------------------------------------------------------------ evidence before alarm

    @Test
    void theDefaultEvidenceIsFourAndEightMinutesOfTheTenMinuteWindowAndScalesWithShorterOnes() {
        assertThat(TrendJudge.Rules.evidence(600_000)).containsExactly(255_000, 480_000);
        assertThat(TrendJudge.Rules.evidence(60_000)).containsExactly(30_000, 48_000);
        assertThat(TrendJudge.Rules.evidence(86_400_000)).containsExactly(255_000, 480_000);
    }

    @Test
    void twoMinutesOfFastGrowthAtStartAreInformationSayingWhenItWillBeJudged() {
        // 20 MB/min for 2 minutes on 1 GB, as a cache warming up looks before its plateau shows
        Assessment a = assess(13, i -> 50 * MB + 20 * MB * minutes(i), 1024 * MB);
        assertThat(a.severity()).isEqualTo(Severity.INFO);
        assertThat(a.pattern()).isEqualTo("early");
        assertThat(a.score()).isBetween(21, 49);
        assertThat(a.message()).contains("rising for 2 min").contains("judged after 4 min 15 s");
    }

    @Test
    void aFastLeakIsCriticalOnceItHasHeldForATwelfthOfItsHorizon() {
        // 20 MB/min on 1 GB: full in about 45 min, so CRITICAL needs 45/12 < 4 min: the 4 min 15 s minimum
        Assessment early = assess(26, i -> 50 * MB + 20 * MB * minutes(i), 1024 * MB);   // 4 min 10 s
        assertThat(early.severity()).isEqualTo(Severity.INFO);
        Assessment a = assess(27, i -> 50 * MB + 20 * MB * minutes(i), 1024 * MB);       // 4 min 20 s
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(a.timeToExhaustionSeconds()).isBetween(40 * 60L, 50 * 60L);
    }

    @Test
    void aSlowLeakNeedsEightMinutesOfDataForAWarning() {
        // 1 MB/min on 1 GB: full in about 16 h
        Assessment seven = assess(43, i -> 200 * MB + MB * minutes(i), 1024 * MB);
        assertThat(seven.severity()).isEqualTo(Severity.INFO);
        assertThat(seven.message()).contains("judged after 8 min");
        Assessment nine = assess(55, i -> 200 * MB + MB * minutes(i), 1024 * MB);
        assertThat(nine.severity()).isEqualTo(Severity.WARNING);
        assertThat(nine.score()).isBetween(50, 79);
    }

    @Test
    void noSignificantGrowthIsOnlySaidWhenThePValueIsAtOrAboveTheLevel() {
        for (int seed = 0; seed < 50; seed++) {
            Random noise = new Random(seed);
            Assessment a = assess(60, i -> 150 * MB + noise.nextGaussian() * 2 * MB, 512 * MB);
            if (a.message().startsWith("no significant growth")) {
                String p = a.message().replaceAll(".*p = ([0-9.]+).*", "$1");
                assertThat(Double.parseDouble(p)).as(a.message()).isGreaterThanOrEqualTo(ALPHA);
                assertThat(a.score()).isLessThanOrEqualTo(20);
            } else {
                assertThat(a.severity()).as(a.message()).isIn(Severity.NONE, Severity.INFO);
            }
        }
    }

    @Test
    void aFallingFloorIsNoneAndSaysSo() {
        Assessment a = assess(60, i -> 300 * MB - MB * minutes(i), 512 * MB);
        assertThat(a.severity()).isEqualTo(Severity.NONE);
        assertThat(a.message()).contains("falls");
    }

    @Test
    void informationNeverReportsZeroGrowth() {
        Assessment a = assess(60, i -> 300 * MB + 0.05 * MB * minutes(i), 4096 * MB);
        assertThat(a.severity()).isEqualTo(Severity.INFO);
        assertThat(a.growthPerMinute()).isPositive();
        assertThat(a.message()).doesNotContain(" 0 B/min");
    }

    private static TrendJudge.Rules threads() {
        return new TrendJudge.Rules("live threads", n -> TrendJudge.count(n, "threads"), -1, 1, 10, 0, 0, 480_000,
                480_000, true);
    }

    @Test
    void twoMoreThreadsAMinuteForNineMinutesIsAWarning() {
        Assessment a = judge(55, i -> 30 + Math.floor(minutes(i) * 2), threads());
        assertThat(a.severity()).isEqualTo(Severity.WARNING);
        assertThat(a.message()).contains("Live threads grow 2 threads/min");
        Assessment early = judge(40, i -> 30 + Math.floor(minutes(i) * 2), threads());
        assertThat(early.severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void aThreadPoolGrowingFromTenToTwoHundredThenFlatIsNoAlarm() {
        for (int n : new int[] {15, 30, 45, 60}) {
            Assessment a = judge(n, i -> Math.min(200, 10 + 190 * minutes(i) / 2), threads());
            assertThat(a.severity()).as("after %d samples: %s", n, a.message()).isIn(Severity.NONE, Severity.INFO);
        }
    }

    @Test
    void directMemoryUnderItsAbsoluteAndRelativeFloorNeverAlarms() {
        // the demo: 106 KB to 514 KB of direct memory over ten minutes
        TrendJudge.Rules direct = new TrendJudge.Rules("direct buffer memory", TrendJudge::bytes, 256 * MB, 0, 0,
                16 * MB, 0.05, 240_000, 480_000, true);
        Assessment a = judge(60, i -> 106 * 1024 + 408 * 1024 * minutes(i) / 10, direct);
        assertThat(a.severity()).isEqualTo(Severity.INFO);
        assertThat(a.message()).contains("alarms start at 16.0 MB");
    }

    @Test
    void aSignalThatMayNotAlarmIsInformationAtMost() {
        TrendJudge.Rules mapped = new TrendJudge.Rules("memory-mapped file size", TrendJudge::bytes, -1, 0, 0, 0, 0,
                240_000, 480_000, false);
        Assessment a = judge(60, i -> 30 * MB * minutes(i), mapped);
        assertThat(a.severity()).isEqualTo(Severity.INFO);
        assertThat(a.rising()).isTrue();
    }

    @Test
    void durationsCountsAndBytesReadAsAPersonWritesThem() {
        assertThat(TrendJudge.duration(45)).isEqualTo("45 s");
        assertThat(TrendJudge.duration(270)).isEqualTo("4 min 30 s");
        assertThat(TrendJudge.duration(2700)).isEqualTo("45 min");
        assertThat(TrendJudge.duration(5 * 3600)).isEqualTo("5.0 h");
        assertThat(TrendJudge.duration(4 * 86_400)).isEqualTo("4.0 d");
        assertThat(TrendJudge.count(0.4, "threads")).isEqualTo("0.4 threads");
        assertThat(TrendJudge.count(12_000, "")).isEqualTo("12.0 k");
        assertThat(TrendJudge.count(2.25, "threads")).isEqualTo("2.3 threads");
        assertThat(TrendJudge.bytes(1.5 * MB)).isEqualTo("1.5 MB");
    }

    @Test
    void referenceDataLoadedOverAMinuteAfterThreeQuietOnesIsAStepNotAFastLeak() {
        // 300 MB loaded between minute 3 and 4 on 1 GB, judged half a minute later and at the end of the window
        Random noise = new Random(17);
        IntToDoubleFunction load = i -> 100 * MB + 300 * MB * Math.min(1, Math.max(0, minutes(i) - 3))
                + noise.nextGaussian() * MB;
        for (int n : new int[] {28, 32, 40, 60}) {
            Assessment a = assess(n, load, 1024 * MB);
            assertThat(a.severity()).as("after %d samples: %s", n, a.message()).isIn(Severity.NONE, Severity.INFO);
        }
        assertThat(assess(30, load, 1024 * MB).message()).contains("one-time rise of");
    }

    @Test
    void theSteepestShortRiseIsFoundInOnePass() {
        long[] t = {0, 10, 20, 30, 40, 50, 60, 70};
        double[] x = {5, 5, 6, 20, 30, 31, 31, 32};
        assertThat(TrendJudge.steepestShortRise(t, x, 20)).containsExactly(2, 4);
        assertThat(TrendJudge.steepestShortRise(t, x, 70)).containsExactly(0, 7);
        assertThat(TrendJudge.steepestShortRise(t, new double[] {3, 2, 1, 0, 0, 0, 0, 0}, 20)).isNull();
    }

    @Test
    void severityScoreGrowthAndMessageAlwaysAgree() {
        Random r = new Random(23);
        for (int k = 0; k < 400; k++) {
            double base = r.nextInt(800) * MB;
            double slope = (r.nextDouble() * 30 - 5) * MB;
            double noise = r.nextDouble() * 5 * MB;
            int stepAt = r.nextInt(60);
            double step = r.nextBoolean() ? r.nextInt(200) * MB : 0;
            int n = 8 + r.nextInt(60);
            Assessment a = assess(n, i -> Math.max(0, base + slope * minutes(i) + noise * r.nextGaussian()
                    + (i >= stepAt ? step : 0)), 1024 * MB);
            String why = a.severity() + " " + a.score() + " " + a.growthPerMinute() + ": " + a.message();
            switch (a.severity()) {
                case NONE -> assertThat(a.score()).as(why).isBetween(0, 20);
                case INFO -> {
                    assertThat(a.score()).as(why).isBetween(21, 49);
                    assertThat(a.growthPerMinute()).as(why).isPositive();
                }
                case WARNING -> assertThat(a.score()).as(why).isBetween(50, 79);
                case CRITICAL -> assertThat(a.score()).as(why).isBetween(80, 100);
                default -> throw new AssertionError(why);
            }
            if (a.message().startsWith("no significant growth")) {
                assertThat(a.severity()).as(why).isEqualTo(Severity.NONE);
            }
            if (a.severity() == Severity.NONE) {
                assertThat(a.timeToExhaustionSeconds()).as(why).isEqualTo(-1);
            }
        }
    }

    @Test
    void aCacheThatFilledFastAndStoppedIsNoAlarmEvenBeforeHalfTheWindowShowsIt() {
        // 80 MB/min for three and a half minutes into 1 GB (a cache reaching its bound), then flat
        Random noise = new Random(29);
        IntToDoubleFunction fill = i -> 20 * MB + 80 * MB * Math.min(3.5, minutes(i)) + noise.nextGaussian() * MB;
        for (int n = 20; n <= 60; n++) {
            Assessment a = assess(n, fill, 1024 * MB);
            assertThat(a.severity()).as("after %d samples: %s", n, a.message()).isIn(Severity.NONE, Severity.INFO);
        }
        assertThat(assess(30, fill, 1024 * MB).message()).contains("has stopped");
    }

    @Test
    void aRiseWhoseRateTheDataCannotPinDownProjectsWithItsSlowestRate() {
        // two loads a few minutes apart: significant growth, but a 95% interval from almost nothing to fast
        Random noise = new Random(31);
        Assessment a = assess(40, i -> 100 * MB + (i >= 12 ? 150 * MB : 0) + (i >= 30 ? 150 * MB : 0)
                + noise.nextGaussian() * MB, 1024 * MB);
        assertThat(a.severity()).as(a.message()).isIn(Severity.NONE, Severity.INFO);
    }
}
