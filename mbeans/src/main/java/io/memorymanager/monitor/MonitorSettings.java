package io.memorymanager.monitor;

import java.time.Duration;
import java.util.Objects;

/**
 * Start-up settings of the {@link Monitor}; all can be changed later through its MXBean but the history size.
 *
 * @param sampleInterval time between samples, 10 ms to 1 hour
 * @param historySize how many samples {@code History} keeps, 1 to 100000
 * @param hysteresisPercent how far, in percentage points, a value must fall below a threshold before it counts
 *     as back under it, 0 to 50
 */
public record MonitorSettings(
        Duration sampleInterval,
        int historySize,
        Thresholds heapAfterGc,
        Thresholds system,
        Thresholds container,
        double hysteresisPercent) {

    public static final Duration MIN_INTERVAL = Duration.ofMillis(10);
    public static final Duration MAX_INTERVAL = Duration.ofHours(1);
    public static final int MAX_HISTORY = 100_000;
    public static final double MAX_HYSTERESIS = 50;

    public MonitorSettings {
        Objects.requireNonNull(sampleInterval, "sampleInterval");
        Objects.requireNonNull(heapAfterGc, "heapAfterGc");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(container, "container");
        checkInterval(sampleInterval.toMillis());
        if (historySize < 1 || historySize > MAX_HISTORY) {
            throw new IllegalArgumentException(
                    "historySize must be between 1 and " + MAX_HISTORY + ", was " + historySize);
        }
        checkHysteresis(hysteresisPercent);
    }

    /**
     * One sample a second, ten minutes of history; heap after GC warns at 80 % and is critical at 90 %, system
     * memory at 90/95 %, container memory at 85/95 %; 2 points of hysteresis.
     */
    public static MonitorSettings defaults() {
        return new MonitorSettings(Duration.ofSeconds(1), 600, new Thresholds(80, 90), new Thresholds(90, 95),
                new Thresholds(85, 95), 2);
    }

    public MonitorSettings withSampleInterval(Duration interval) {
        return new MonitorSettings(interval, historySize, heapAfterGc, system, container, hysteresisPercent);
    }

    public MonitorSettings withHistorySize(int size) {
        return new MonitorSettings(sampleInterval, size, heapAfterGc, system, container, hysteresisPercent);
    }

    public MonitorSettings withThresholds(Metric metric, Thresholds thresholds) {
        return new MonitorSettings(sampleInterval, historySize,
                metric == Metric.HEAP_AFTER_GC ? thresholds : heapAfterGc,
                metric == Metric.SYSTEM ? thresholds : system,
                metric == Metric.CONTAINER ? thresholds : container, hysteresisPercent);
    }

    public MonitorSettings withHysteresisPercent(double points) {
        return new MonitorSettings(sampleInterval, historySize, heapAfterGc, system, container, points);
    }

    Thresholds thresholds(Metric metric) {
        return switch (metric) {
            case HEAP_AFTER_GC -> heapAfterGc;
            case SYSTEM -> system;
            case CONTAINER -> container;
        };
    }

    static void checkInterval(long millis) {
        if (millis < MIN_INTERVAL.toMillis() || millis > MAX_INTERVAL.toMillis()) {
            throw new IllegalArgumentException("SampleIntervalMillis must be between " + MIN_INTERVAL.toMillis()
                    + " and " + MAX_INTERVAL.toMillis() + ", was " + millis);
        }
    }

    static void checkHysteresis(double points) {
        if (!(points >= 0 && points <= MAX_HYSTERESIS)) {
            throw new IllegalArgumentException(
                    "HysteresisPercent must be between 0 and " + MAX_HYSTERESIS + ", was " + points);
        }
    }
}
