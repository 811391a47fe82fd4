package io.memorymanager.profile;

import io.memorymanager.internal.DiagnosticCommands;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Class histograms (the JVM's {@code GC.class_histogram}): rate-limited, since a live one pauses the application
 * for a full collection; the last live one kept (as primitive arrays, so that keeping it never shows up in the next
 * diff) for diffs against a caller's own previous one.
 */
final class Histograms {

    static final int MAX_TOP = 1000;

    private final Clock clock;
    private volatile long histogramMinIntervalMillis;
    private volatile long lastHistogramPauseMillis = -1;
    private long lastHistogramAt = Long.MIN_VALUE;
    /** The last live histogram, kept as primitive arrays so that keeping it never shows up in the next diff. */
    private HistogramBaseline previousLive;
    /** The histogram the last {@link #classHistogramDiff} ended on: the next one diffs against it. */
    private HistogramBaseline diffBaseline;
    private volatile HistogramBaseline.Footprint heldAtLastHistogram = HistogramBaseline.Footprint.NONE;

    Histograms(Clock clock, long minIntervalMillis) {
        this.clock = clock;
        this.histogramMinIntervalMillis = minIntervalMillis;
    }

    List<ClassHistogramEntry> classHistogram(int top) {
        return histogram(true, top).top(top);
    }

    /** The arrays the profiler's kept baseline occupied while the last histogram was taken: its own data in it. */
    HistogramBaseline.Footprint heldAtLastHistogram() {
        return heldAtLastHistogram;
    }

    /** Every class after a full GC, most bytes first (rate-limited like {@link #classHistogram}). */
    List<ClassHistogramEntry> fullClassHistogram() {
        return histogram(true, MAX_TOP).entries();
    }

    List<ClassHistogramEntry> classHistogramWithoutGc(int top) {
        return histogram(false, top).top(top);
    }

    /**
     * Growth since the caller's previous diff, not since whoever took the last histogram (the leak detector takes
     * its own while it judges growth). A live histogram taken within HistogramMinIntervalMillis, by anyone, is used
     * as it is rather than refused: it costs no second pause. Refused only when there is no histogram since the
     * previous diff and the next is not allowed yet.
     */
    synchronized List<ClassGrowth> classHistogramDiff(int top) {
        checkTop(top);
        boolean recent = previousLive != null && previousLive != diffBaseline
                && clock.millis() - previousLive.takenAtMillis() < histogramMinIntervalMillis;
        if (!recent) {
            histogram(true, top);
        }
        HistogramBaseline before = diffBaseline;
        diffBaseline = previousLive;
        return before == null ? List.of() : previousLive.growthSince(before, top);
    }

    private synchronized ClassHistogram histogram(boolean live, int top) {
        checkTop(top);
        long now = clock.millis();
        long minInterval = histogramMinIntervalMillis;
        if (lastHistogramAt != Long.MIN_VALUE && now - lastHistogramAt < minInterval) {
            throw new RejectedExecutionException(String.format("a class histogram pauses the application: the next "
                    + "one is allowed in %.1f s (HistogramMinIntervalMillis is %d)",
                    (minInterval - (now - lastHistogramAt)) / 1000.0, minInterval));
        }
        lastHistogramAt = now;
        long start = System.nanoTime();
        String text = DiagnosticCommands.invoke("gcClassHistogram", live ? new String[0] : new String[] {"-all"});
        lastHistogramPauseMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        ClassHistogram histogram = ClassHistogram.parse(text, clock.millis());
        HistogramBaseline.Footprint held = previousLive == null ? HistogramBaseline.Footprint.NONE
                : previousLive.footprint();
        if (diffBaseline != null && diffBaseline != previousLive) {
            held = held.plus(diffBaseline.footprint());
        }
        heldAtLastHistogram = held;
        if (live) {
            previousLive = HistogramBaseline.of(histogram.entries(), histogram.takenAtMillis(), held, true);
        }
        return histogram;
    }

    static void checkTop(int top) {
        if (top < 1 || top > MAX_TOP) {
            throw new IllegalArgumentException("top must be between 1 and " + MAX_TOP + ", was " + top);
        }
    }

    long lastPauseMillis() {
        return lastHistogramPauseMillis;
    }

    long minIntervalMillis() {
        return histogramMinIntervalMillis;
    }

    void setMinIntervalMillis(long millis) {
        if (millis < 0 || millis > 3_600_000) {
            throw new IllegalArgumentException("HistogramMinIntervalMillis must be between 0 and 3600000, was "
                    + millis);
        }
        histogramMinIntervalMillis = millis;
    }
}
