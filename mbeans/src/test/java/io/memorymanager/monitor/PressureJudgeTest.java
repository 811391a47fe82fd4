package io.memorymanager.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Monitor's judgement on fixtures: levels before and values in, levels, crossings and pressure out. */
class PressureJudgeTest {

    // heap after GC: warning 70, critical 85; system memory: 80, 87; hysteresis 5 points
    private final MonitorSettings settings = MonitorSettings.defaults()
            .withThresholds(Metric.HEAP_AFTER_GC, new Thresholds(70, 85))
            .withThresholds(Metric.SYSTEM, new Thresholds(80, 87)).withHysteresisPercent(5);
    private Map<Metric, AlertState.Level> levels = PressureJudge.initialLevels();

    private PressureJudge.Verdict judge(double heap, double system, double container, double stall) {
        PressureJudge.Verdict v = PressureJudge.judge(levels, m -> switch (m) {
            case HEAP_AFTER_GC -> heap;
            case SYSTEM -> system;
            case CONTAINER -> container;
        }, stall, settings);
        levels = v.levels();
        return v;
    }

    private List<String> crossings(PressureJudge.Verdict v) {
        return v.crossings().stream().map(c -> c.metric() + " " + c.change()).toList();
    }

    @Test
    void calmValuesAreNormalWithNoCause() {
        PressureJudge.Verdict v = judge(30, 40, -1, 0.5);
        assertThat(v.level()).isEqualTo(PressureLevel.NORMAL);
        assertThat(v.cause()).isEmpty();
        assertThat(v.crossings()).isEmpty();
    }

    @Test
    void withinTenPointsUnderTheWarningIsElevatedWithoutANotification() {
        PressureJudge.Verdict v = judge(61, 40, -1, 0);
        assertThat(v.level()).isEqualTo(PressureLevel.ELEVATED);
        assertThat(v.cause()).isEqualTo("Heap after GC at 61.0% (warning 70.0%, critical 85.0%)");
        assertThat(v.crossings()).isEmpty();
        assertThat(judge(59.9, 40, -1, 0).level()).isEqualTo(PressureLevel.NORMAL);
    }

    @Test
    void memoryStallsAloneMakeItElevatedAndSayWhy() {
        PressureJudge.Verdict v = judge(30, 40, -1, 12.5);
        assertThat(v.level()).isEqualTo(PressureLevel.ELEVATED);
        assertThat(v.cause()).isEqualTo("tasks stalled on memory 12.5% of the last 10 s (PSI)");
        assertThat(judge(30, 40, -1, 9.9).level()).isEqualTo(PressureLevel.NORMAL);
        assertThat(judge(75, 40, -1, 50).level()).as("a worse metric wins over stalls").isEqualTo(PressureLevel.HIGH);
    }

    @Test
    void crossingsUpAndDownWithHysteresisAndTheWorstMetricNamesTheCause() {
        PressureJudge.Verdict v = judge(72, 40, -1, 0);
        assertThat(v.level()).isEqualTo(PressureLevel.HIGH);
        assertThat(crossings(v)).containsExactly("HEAP_AFTER_GC WARNING");
        assertThat(crossings(judge(71, 40, -1, 0))).as("still warning: nothing to tell").isEmpty();
        v = judge(90, 88, -1, 0);
        assertThat(v.level()).isEqualTo(PressureLevel.CRITICAL);
        assertThat(crossings(v)).containsExactly("HEAP_AFTER_GC CRITICAL", "SYSTEM CRITICAL");
        assertThat(v.cause()).startsWith("Heap after GC at 90.0%");
        // back under critical, but not by the hysteresis: stays critical
        assertThat(crossings(judge(82, 88, -1, 0))).isEmpty();
        assertThat(judge(82, 88, -1, 0).level()).isEqualTo(PressureLevel.CRITICAL);
        // 79 is 6 under critical: warning again, told as a warning
        assertThat(crossings(judge(79, 88, -1, 0))).containsExactly("HEAP_AFTER_GC WARNING");
        // 66 is under warning but within the hysteresis: stays warning (HIGH), and the system is still critical
        v = judge(66, 88, -1, 0);
        assertThat(v.levels().get(Metric.HEAP_AFTER_GC)).isEqualTo(AlertState.Level.WARNING);
        assertThat(v.level()).isEqualTo(PressureLevel.CRITICAL);
        assertThat(v.cause()).startsWith("System memory at 88.0%");
        v = judge(64, 50, -1, 0);
        assertThat(crossings(v)).containsExactly("HEAP_AFTER_GC RECOVERED", "SYSTEM RECOVERED");
        assertThat(v.level()).as("64 is within ten points of the warning").isEqualTo(PressureLevel.ELEVATED);
    }

    @Test
    void anUnknownValueChangesNothing() {
        judge(90, 40, -1, 0);
        Map<Metric, AlertState.Level> before = new EnumMap<>(levels);
        PressureJudge.Verdict v = judge(-1, -1, -1, -1);
        assertThat(v.levels()).isEqualTo(before);
        assertThat(v.crossings()).isEmpty();
        assertThat(v.level()).as("the heap's alert stands").isEqualTo(PressureLevel.CRITICAL);
    }

    @Test
    void aValueJustUnderAThresholdIsNeverShownAsReachingIt() {
        Thresholds t = new Thresholds(80, 90);
        assertThat(PressureJudge.shown(79.96, t)).isEqualTo("79.96%");
        assertThat(PressureJudge.shown(79.9996, t)).isEqualTo("79.9996%");
        assertThat(PressureJudge.shown(80.04, t)).isEqualTo("80.0%");
        assertThat(PressureJudge.shown(61.26, t)).isEqualTo("61.3%");
        PressureJudge.Verdict v = judge(69.96, 40, -1, 0);
        assertThat(v.level()).isEqualTo(PressureLevel.ELEVATED);
        assertThat(v.cause()).startsWith("Heap after GC at 69.96% (warning 70.0%");
    }
}
