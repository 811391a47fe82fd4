package io.memorymanager.leak;

import java.util.Arrays;

/**
 * Judges a window of live-set floor samples (heap used right after collections): is it a leak, how sure, how
 * fast, and when does the heap run out. It rejects the usual look-alikes: noise and bursts (no significant
 * Mann-Kendall trend), a one-time step (one jump carries the rise and neither side of it grows), and warm-up
 * towards a plateau (the second half of the window grows at less than a quarter of the first half's rate, or
 * not significantly).
 */
final class FloorAnalyzer {

    /** Fewer points than this give no verdict. */
    static final int MIN_POINTS = 8;
    private static final double STEP_SHARE = 0.6;
    private static final double DECELERATION = 0.25;

    private FloorAnalyzer() {
    }

    /**
     * @param timesMillis sample times, strictly increasing
     * @param floorBytes the floor at those times
     * @param maxHeapBytes the maximum heap, or -1 when undefined
     * @param alpha significance of the trend test (0.01 by default; lower is less sensitive)
     */
    static HeapAssessment assess(long[] timesMillis, long[] floorBytes, long maxHeapBytes, double alpha) {
        int n = floorBytes.length;
        if (n < MIN_POINTS) {
            return new HeapAssessment(Severity.NONE, 0, 0, -1, 0, "collecting",
                    "collecting samples: " + n + " of at least " + MIN_POINTS);
        }
        double[] t = minutes(timesMillis, 0, n);
        double[] x = doubles(floorBytes, 0, n);
        TrendStatistics.Trend trend = TrendStatistics.analyze(t, x);
        double confidence = 1 - trend.pValue();
        if (!trend.rising(alpha)) {
            int score = (int) Math.round(20 * Math.min(1, Math.max(0, trend.z()) / 3));
            return new HeapAssessment(Severity.NONE, score, 0, -1, confidence, "flat",
                    "no significant growth of the heap floor (p = " + round(trend.pValue()) + ")");
        }
        int jump = largestJump(x);
        double rise = median(x, n - 3, n) - median(x, 0, 3);
        if (jump >= 0 && x[jump + 1] - x[jump] > STEP_SHARE * rise
                && !rises(timesMillis, floorBytes, 0, jump + 1, alpha)
                && !rises(timesMillis, floorBytes, jump + 1, n, alpha)) {
            return new HeapAssessment(Severity.INFO, 30, 0, -1, confidence, "step", String.format(
                    "one-time step of %s in the heap floor, flat before and after: a cache filled or a batch "
                            + "loaded, not a leak", bytes(x[jump + 1] - x[jump])));
        }
        int half = n / 2;
        TrendStatistics.Trend first = TrendStatistics.analyze(minutes(timesMillis, 0, half), doubles(floorBytes, 0, half));
        TrendStatistics.Trend second = TrendStatistics.analyze(minutes(timesMillis, half, n),
                doubles(floorBytes, half, n));
        if (!second.rising(Math.max(alpha, 0.05)) || second.slope() < DECELERATION * first.slope()) {
            return new HeapAssessment(Severity.INFO, 35, Math.max(0, second.slope()), -1, confidence, "decelerating",
                    String.format("heap floor growth is slowing down (%s/min, was %s/min): warm-up towards a "
                            + "plateau, such as a cache filling", bytes(Math.max(0, second.slope())), bytes(first.slope())));
        }
        double rate = trend.slope();
        double current = projected(t, x, rate, t[n - 1]);
        long tteSeconds = maxHeapBytes > 0 ? Math.max(0, Math.round((maxHeapBytes - current) / rate * 60)) : -1;
        double fill = maxHeapBytes > 0 ? current / maxHeapBytes : 0;
        Severity severity;
        int score;
        if (maxHeapBytes > 0 && (tteSeconds <= 3600 || fill > 0.9)) {
            severity = Severity.CRITICAL;
            score = 80 + (int) Math.round(20 * Math.max(fill > 0.9 ? fill : 0, 1 - tteSeconds / 3600.0));
        } else if (maxHeapBytes > 0 ? tteSeconds <= 86_400 : rate * 60 > 0.1 * current) {
            severity = Severity.WARNING;
            score = tteSeconds < 0 ? 60 : 50 + (int) Math.round(29 * (1 - (tteSeconds - 3600) / (86_400.0 - 3600)));
        } else {
            severity = Severity.INFO;
            score = 21 + (int) Math.round(28 * Math.min(1, trend.z() / 10));
        }
        String when = tteSeconds < 0 ? "" : String.format("; at this rate the heap is full in %s", duration(tteSeconds));
        return new HeapAssessment(severity, Math.min(100, Math.max(0, score)), rate, tteSeconds, confidence,
                "sustained", String.format("heap floor grows %s/min (95%% CI %s to %s), steadily (p = %s)%s",
                        bytes(rate), bytes(trend.slopeLow()), bytes(trend.slopeHigh()), round(trend.pValue()), when));
    }

    private static boolean rises(long[] t, long[] x, int from, int to, double alpha) {
        return to - from >= 3 && TrendStatistics.analyze(minutes(t, from, to), doubles(x, from, to)).rising(alpha);
    }

    private static int largestJump(double[] x) {
        int at = -1;
        double best = 0;
        for (int i = 0; i < x.length - 1; i++) {
            if (x[i + 1] - x[i] > best) {
                best = x[i + 1] - x[i];
                at = i;
            }
        }
        return at;
    }

    // The trend line's value at time 'at': intercept as the median of x - rate * t (robust, like the slope).
    private static double projected(double[] t, double[] x, double rate, double at) {
        double[] intercepts = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            intercepts[i] = x[i] - rate * t[i];
        }
        Arrays.sort(intercepts);
        return TrendStatistics.median(intercepts) + rate * at;
    }

    private static double median(double[] x, int from, int to) {
        double[] part = Arrays.copyOfRange(x, from, to);
        Arrays.sort(part);
        return TrendStatistics.median(part);
    }

    private static double[] minutes(long[] millis, int from, int to) {
        double[] m = new double[to - from];
        for (int i = from; i < to; i++) {
            m[i - from] = (millis[i] - millis[from]) / 60_000.0;
        }
        return m;
    }

    private static double[] doubles(long[] values, int from, int to) {
        double[] d = new double[to - from];
        for (int i = from; i < to; i++) {
            d[i - from] = values[i];
        }
        return d;
    }

    static String bytes(double b) {
        double abs = Math.abs(b);
        if (abs >= 1 << 30) {
            return String.format("%.1f GB", b / (1 << 30));
        } else if (abs >= 1 << 20) {
            return String.format("%.1f MB", b / (1 << 20));
        } else if (abs >= 1 << 10) {
            return String.format("%.1f KB", b / (1 << 10));
        }
        return String.format("%.0f B", b);
    }

    private static String duration(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        } else if (seconds < 7200) {
            return (seconds / 60) + " min";
        }
        return String.format("%.1f h", seconds / 3600.0);
    }

    private static String round(double p) {
        return p < 0.0001 ? "< 0.0001" : String.format("%.4f", p);
    }
}
