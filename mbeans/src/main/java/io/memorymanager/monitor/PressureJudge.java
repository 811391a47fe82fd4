package io.memorymanager.monitor;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The Monitor's judgement as a pure function: the alert levels before, one set of values and the settings in; the
 * levels after, the crossings to notify, the pressure level and its cause out. No clock, no JVM, no state.
 */
final class PressureJudge {

    /** A metric that crossed a threshold, with the value that crossed it. */
    record Crossing(Metric metric, AlertState.Change change, double value, Thresholds thresholds) {
    }

    /**
     * What one set of values gives.
     *
     * @param levels each metric's alert level after the values
     * @param cause the metric or stall behind the level, as a person reads it; empty at NORMAL
     */
    record Verdict(PressureLevel level, String cause, Map<Metric, AlertState.Level> levels, List<Crossing> crossings) {
    }

    private PressureJudge() {
    }

    /** Every metric NORMAL: the levels before the first sample. */
    static Map<Metric, AlertState.Level> initialLevels() {
        Map<Metric, AlertState.Level> levels = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            levels.put(m, AlertState.Level.NORMAL);
        }
        return levels;
    }

    /**
     * Judges the {@code values} (percent per metric, -1 unknown) and the memory stall share {@code stallPercent}
     * (PSI some avg10, -1 unknown) from the {@code before} levels. The pressure level is the worst metric's: CRITICAL
     * for a metric at its critical alert, HIGH at warning, ELEVATED within {@link Monitor#ELEVATED_MARGIN_PERCENT}
     * points under its warning threshold or when tasks stalled on memory {@link Monitor#ELEVATED_STALL_PERCENT} of
     * the last 10 s or more.
     */
    static Verdict judge(Map<Metric, AlertState.Level> before, ToDoubleFunction<Metric> values, double stallPercent,
            MonitorSettings settings) {
        Map<Metric, AlertState.Level> after = new EnumMap<>(Metric.class);
        List<Crossing> crossings = new ArrayList<>(0);
        PressureLevel level = PressureLevel.NORMAL;
        String cause = "";
        for (Metric metric : Metric.values()) {
            double value = values.applyAsDouble(metric);
            Thresholds t = settings.thresholds(metric);
            AlertState.Level was = before.getOrDefault(metric, AlertState.Level.NORMAL);
            AlertState.Level is = AlertState.next(was, value, t, settings.hysteresisPercent());
            after.put(metric, is);
            AlertState.Change change = AlertState.change(was, is);
            if (change != AlertState.Change.NONE) {
                crossings.add(new Crossing(metric, change, value, t));
            }
            PressureLevel own = levelOf(is, value, t);
            if (own.compareTo(level) > 0) {
                level = own;
                cause = String.format("%s at %s (warning %.1f%%, critical %.1f%%)", metric.label(), shown(value, t),
                        t.warningPercent(), t.criticalPercent());
            }
        }
        if (stallPercent >= Monitor.ELEVATED_STALL_PERCENT && level.compareTo(PressureLevel.ELEVATED) < 0) {
            level = PressureLevel.ELEVATED;
            cause = String.format("tasks stalled on memory %.1f%% of the last 10 s (PSI)", stallPercent);
        }
        return new Verdict(level, cause, after, crossings);
    }

    /**
     * A percentage as people read it, to 0.1, or to more digits where 0.1 would put it on the other side of a
     * threshold than it is (79.96% under an 80% warning reads "79.96%", not "80.0%").
     */
    static String shown(double value, Thresholds t) {
        for (int digits = 1; digits < 4; digits++) {
            double scale = Math.pow(10, digits);
            double rounded = Math.round(value * scale) / scale;
            if (sameSide(rounded, value, t.warningPercent()) && sameSide(rounded, value, t.criticalPercent())) {
                return String.format("%." + digits + "f%%", value);
            }
        }
        return String.format("%.4f%%", value);
    }

    private static boolean sameSide(double a, double b, double threshold) {
        return (a >= threshold) == (b >= threshold);
    }

    private static PressureLevel levelOf(AlertState.Level alert, double value, Thresholds t) {
        return switch (alert) {
            case CRITICAL -> PressureLevel.CRITICAL;
            case WARNING -> PressureLevel.HIGH;
            case NORMAL -> value >= 0 && value >= t.warningPercent() - Monitor.ELEVATED_MARGIN_PERCENT
                    ? PressureLevel.ELEVATED
                    : PressureLevel.NORMAL;
        };
    }
}
