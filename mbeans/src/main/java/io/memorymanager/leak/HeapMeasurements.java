package io.memorymanager.leak;

/**
 * The heap measured after collections that leave no garbage behind (the detector's full collections, or those that
 * cut the old generation), the last few, oldest first, in fixed arrays allocated once so that keeping them never
 * shows in a histogram; and whether they bear out a growing floor.
 */
final class HeapMeasurements {

    /** What {@link #bearOut} says when it has too few measurements to say anything. */
    static final String UNCONFIRMED = "unconfirmed";

    /** How many of the latest measurements tell whether the live heap still grows. */
    static final int RECENT = 3;
    /** They still grow when at this share of the floor's rate or more. */
    static final double STOPPED_SHARE = 0.25;

    private final long[] millis;
    private final long[] bytes;
    private final String what;
    private int count;

    /** @param what how to name them, with a {@code %d} for their number */
    HeapMeasurements(int capacity, String what) {
        this.millis = new long[capacity];
        this.bytes = new long[capacity];
        this.what = what;
    }

    synchronized void add(long atMillis, long heapBytes) {
        if (count == millis.length) {
            System.arraycopy(millis, 1, millis, 0, count - 1);
            System.arraycopy(bytes, 1, bytes, 0, count - 1);
            count--;
        }
        millis[count] = atMillis;
        bytes[count] = heapBytes;
        count++;
    }

    synchronized void clear() {
        count = 0;
    }

    /**
     * Whether the measurements from {@code fromMillis} on bear out a floor growing {@code floorPerMinute}: null when
     * they do, {@link #UNCONFIRMED} when there are fewer than three over {@code minSpanMillis} or more, else why not.
     * They do when they grow at least half as fast, not in one jump (a load), and (from four on) the latest
     * {@link #RECENT} still grow at {@link #STOPPED_SHARE} of the floor's rate (not a cache that reached its size).
     */
    synchronized String bearOut(long fromMillis, long minSpanMillis, double floorPerMinute) {
        int first = 0;
        while (first < count && millis[first] < fromMillis) {
            first++;
        }
        int m = count - first;
        if (m < 3 || millis[count - 1] - millis[first] < minSpanMillis) {
            return UNCONFIRMED;
        }
        long span = millis[count - 1] - millis[first];
        double[] t = new double[m];
        double[] x = new double[m];
        double largestStep = 0;
        for (int i = 0; i < m; i++) {
            t[i] = (millis[first + i] - millis[first]) / 60_000.0;
            x[i] = bytes[first + i];
            // a step is a load when it came fast: a rise over half the span or more is growth measured seldom
            // (a histogram put off after a long pause), not a jump
            if (i > 0 && millis[first + i] - millis[first + i - 1] < (millis[count - 1] - millis[first]) / 2) {
                largestStep = Math.max(largestStep, x[i] - x[i - 1]);
            }
        }
        double growth = x[m - 1] - x[0];
        double slope = TrendStatistics.analyze(t, x).slope();
        String measured = String.format(what + " went from %s to %s in %s", m, TrendJudge.bytes(x[0]),
                TrendJudge.bytes(x[m - 1]), TrendJudge.duration(span / 1000));
        if (slope < 0.5 * floorPerMinute) {
            return measured + String.format(" (%s/min): the rest is garbage awaiting collection, not a leak",
                    TrendJudge.bytes(Math.max(0, slope)));
        }
        if (growth > 0 && largestStep > 0.6 * growth) {
            return measured + String.format(", %s of it in one step: data loaded, not (yet) steady growth",
                    TrendJudge.bytes(largestStep));
        }
        // growth that has stopped: a cache or a data set that reached its size, while the floor still rises with
        // the garbage its churn leaves in the old generation
        if (m >= 4) {
            int from = m - RECENT;
            double[] rt = new double[RECENT];
            double[] rx = new double[RECENT];
            System.arraycopy(t, from, rt, 0, RECENT);
            System.arraycopy(x, from, rx, 0, RECENT);
            double recent = TrendStatistics.analyze(rt, rx).slope();
            if (recent < STOPPED_SHARE * floorPerMinute) {
                return measured + String.format(", but only %s/min over the last %d (%s): the live heap has stopped "
                        + "growing, as a cache or data set that reached its size does; the floor's rise since is "
                        + "garbage awaiting collection", TrendJudge.bytes(Math.max(0, recent)), RECENT,
                        TrendJudge.duration(Math.round((rt[RECENT - 1] - rt[0]) * 60)));
            }
        }
        return null;
    }
}
