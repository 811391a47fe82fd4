package io.memorymanager.leak;

import io.memorymanager.internal.GcNotifications;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The heap floor as the bottom of the old generation's sawtooth. G1 (and other collectors) collect the old
 * generation rarely; in between, young collections promote objects, many soon garbage, so old-generation usage
 * after a collection rises in teeth that a mixed or full collection cuts down. The live set is the bottom of those
 * teeth: the minimum usage after any collection over a trailing span a little longer than a tooth. A leak raises
 * the bottoms; promotion of garbage only raises the teeth. The span is twice the median spacing of the last
 * collections that shrank the old generation, and one minute until two such are seen.
 */
final class SawtoothFloor implements AutoCloseable {

    private static final long DEFAULT_SPAN_MILLIS = 60_000;
    private static final int MAX_POINTS = 8192;

    private record Point(long millis, long used) {
    }

    private final String pool;
    private final List<String> retainedPools;
    private final LongSupplier clock;
    private final ArrayDeque<Point> points = new ArrayDeque<>();
    private final ArrayDeque<Long> shrinks = new ArrayDeque<>();
    /** The retained usage after each collection that shrank the old generation: the teeth's bottoms. */
    private final HeapMeasurements bottoms = new HeapMeasurements(64,
            "the heap after %d collections that cut the old generation");
    private AutoCloseable subscription = () -> { };

    SawtoothFloor(String pool, LongSupplier clock) {
        this(pool, List.of(pool), clock);
    }

    SawtoothFloor(String pool, List<String> retainedPools, LongSupplier clock) {
        this.pool = pool;
        this.retainedPools = List.copyOf(retainedPools);
        this.clock = clock;
    }

    /** Follows the old generation of this JVM's collectors; null when there is none to follow. */
    static SawtoothFloor platform() {
        String name = GcNotifications.longLivedPool(
                GcNotifications.heapPoolNames(ManagementFactory.getMemoryPoolMXBeans())).orElse(null);
        if (name == null) {
            return null;
        }
        List<String> retained = GcNotifications.heapPoolNames(ManagementFactory.getMemoryPoolMXBeans()).stream()
                .filter(p -> !p.toLowerCase(Locale.ROOT).contains("eden")).toList();
        SawtoothFloor floor = new SawtoothFloor(name, retained, System::currentTimeMillis);
        floor.subscription = GcNotifications.follow(floor::collected);
        return floor;
    }

    // One collection as the shared source decoded it.
    private void collected(GcNotifications.GcEvent gc) {
        MemoryUsage before = gc.before().get(pool);
        MemoryUsage after = gc.after().get(pool);
        if (after != null) {
            long retained = 0;
            for (String p : retainedPools) {
                MemoryUsage u = gc.after().get(p);
                retained += u == null ? 0 : u.getUsed();
            }
            record(before == null ? -1 : before.getUsed(), after.getUsed(), Math.max(retained, after.getUsed()));
        }
    }

    /** One collection: old-generation usage before (-1 if unknown) and after it. */
    void record(long usedBefore, long usedAfter) {
        record(usedBefore, usedAfter, usedAfter);
    }

    /**
     * One collection: old-generation usage before (-1 if unknown) and after it, which time the teeth, and the usage
     * of the retained pools (old and survivors) after it, which is the floor's value.
     */
    synchronized void record(long usedBefore, long usedAfter, long retainedAfter) {
        long now = clock.getAsLong();
        points.addLast(new Point(now, retainedAfter));
        if (usedBefore >= 0 && usedAfter < usedBefore) {
            bottoms.add(now, retainedAfter);
            shrinks.addLast(now);
            if (shrinks.size() > 9) {
                shrinks.removeFirst();
            }
        }
        long keep = now - 4 * span();
        while (points.size() > MAX_POINTS || (!points.isEmpty() && points.peekFirst().millis() < keep)) {
            points.removeFirst();
        }
    }

    /**
     * Whether the bottoms of the teeth since {@code fromMillis} bear out a floor growing {@code floorPerMinute}: see
     * {@link HeapMeasurements#bearOut}.
     */
    synchronized String bottomsBearOut(long fromMillis, long minSpanMillis, double floorPerMinute) {
        return bottoms.bearOut(fromMillis, minSpanMillis, floorPerMinute);
    }

    /** The span the minimum is taken over, in milliseconds. */
    synchronized long span() {
        if (shrinks.size() < 3) {
            return DEFAULT_SPAN_MILLIS;
        }
        Long[] at = shrinks.toArray(new Long[0]);
        long[] gaps = new long[at.length - 1];
        for (int i = 1; i < at.length; i++) {
            gaps[i - 1] = at[i] - at[i - 1];
        }
        Arrays.sort(gaps);
        return Math.max(1000, 2 * gaps[gaps.length / 2]);
    }

    /**
     * The floor now: the least old-generation usage after a collection within the span, at most {@code maxSpanMillis}
     * (a quarter of the window judging it: a span as long as the window would flatten what it should show); -1
     * before any collection.
     */
    synchronized long floorBytes(long maxSpanMillis) {
        long from = clock.getAsLong() - Math.min(span(), maxSpanMillis);
        long min = -1;
        for (Point p : points) {
            if (p.millis() >= from && (min < 0 || p.used() < min)) {
                min = p.used();
            }
        }
        if (min < 0 && !points.isEmpty()) {
            min = points.peekLast().used();
        }
        return min;
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            // nothing to undo
        }
    }
}
