package io.memorymanager.leak;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/** The window job: the last window's samples of every signal, oldest first, bounded in number. Not thread-safe. */
final class SampleWindow {

    static final int MAX_SAMPLES = 4096;

    /** One sample; {@code floor} is -1 while no collection has shown one. */
    record Sample(long millis, long uptimeMillis, long floor, long threads, long loaded, long unloaded, long direct,
            long mapped) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    void add(Sample s, long windowMillis) {
        samples.addLast(s);
        while (samples.size() > MAX_SAMPLES
                || (!samples.isEmpty() && samples.peekFirst().millis() < s.millis() - windowMillis)) {
            samples.removeFirst();
        }
    }

    boolean isEmpty() {
        return samples.isEmpty();
    }

    int size() {
        return samples.size();
    }

    void clear() {
        samples.clear();
    }

    List<Sample> all() {
        return List.copyOf(samples);
    }

    /** A series: the samples that pass {@code keep}, as times and values. */
    static long[][] series(List<Sample> window, Predicate<Sample> keep, ToLongFunction<Sample> value) {
        // loops, not streams: five series every sample, and a stream's pipeline costs more than its arrays
        long[] times = new long[window.size()];
        long[] values = new long[window.size()];
        int n = 0;
        for (Sample s : window) {
            if (keep.test(s)) {
                times[n] = s.millis();
                values[n++] = value.applyAsLong(s);
            }
        }
        return n == times.length ? new long[][] {times, values}
                : new long[][] {Arrays.copyOf(times, n), Arrays.copyOf(values, n)};
    }
}
