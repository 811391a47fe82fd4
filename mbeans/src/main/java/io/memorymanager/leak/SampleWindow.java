package io.memorymanager.leak;

import java.util.ArrayDeque;
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
        List<Sample> kept = window.stream().filter(keep).toList();
        return new long[][] {kept.stream().mapToLong(Sample::millis).toArray(), kept.stream().mapToLong(value).toArray()};
    }
}
