package io.memorymanager.leak;

import java.util.Arrays;

/**
 * Robust trend statistics for short, noisy series: the Mann-Kendall test (is there a monotonic trend, and how
 * sure) and the Theil-Sen slope with its confidence interval (how steep, unmoved by outliers). Both work on
 * ranks and pairwise slopes, so a burst or a GC-timing outlier cannot fake or hide a trend the way it would a
 * least-squares fit.
 */
final class TrendStatistics {

    /**
     * The outcome for one series.
     *
     * @param s Mann-Kendall S: pairs going up minus pairs going down
     * @param z the normal score of S (continuity-corrected, ties accounted for)
     * @param pValue two-sided probability of a trend at least this strong in a series without one
     * @param slope Theil-Sen slope, in value units per time unit of the input
     * @param slopeLow lower bound of the slope's 95% confidence interval
     * @param slopeHigh upper bound of the slope's 95% confidence interval
     */
    record Trend(int n, long s, double z, double pValue, double slope, double slopeLow, double slopeHigh) {

        /** Whether the series rises with the given significance (two-sided p below alpha, positive slope). */
        boolean rising(double alpha) {
            return pValue < alpha && s > 0 && slope > 0;
        }
    }

    private static final double Z_95 = 1.959963984540054;

    // The pairwise slopes, n(n-1)/2 of them: 14 KB for the window's 60 samples, a dozen times per analysis. Each
    // thread reuses its own array (up to 512 KB) rather than allocating them afresh every 10 s.
    private static final int MAX_REUSED_SLOPES = 64 * 1024;
    private static final ThreadLocal<double[]> SLOPES = ThreadLocal.withInitial(() -> new double[0]);

    private TrendStatistics() {
    }

    /** Mann-Kendall and Theil-Sen over points (t[i], x[i]); t must be strictly increasing; n >= 3. */
    static Trend analyze(double[] t, double[] x) {
        int n = x.length;
        if (t.length != n || n < 3) {
            throw new IllegalArgumentException("need at least 3 points with times, had " + n);
        }
        long s = 0;
        int m = n * (n - 1) / 2;
        double[] slopes = slopes(m);
        int k = 0;
        for (int i = 0; i < n - 1; i++) {
            for (int j = i + 1; j < n; j++) {
                s += Long.signum(Double.compare(x[j], x[i]));
                slopes[k++] = (x[j] - x[i]) / (t[j] - t[i]);
            }
        }
        double variance = (n * (n - 1.0) * (2.0 * n + 5.0) - tieTerm(x)) / 18.0;
        double z = variance <= 0 ? 0 : s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
        double p = 2 * (1 - normalCdf(Math.abs(z)));
        Arrays.sort(slopes, 0, m);
        double slope = median(slopes, m);
        // Sen (1968): the interval's ends are ranked slopes (N -+ C) / 2, C = z(0.975) * sqrt(Var S).
        double c = Z_95 * Math.sqrt(Math.max(variance, 0));
        int lower = (int) Math.floor((m - c) / 2.0);
        int upper = (int) Math.ceil((m + c) / 2.0);
        double low = slopes[Math.max(0, Math.min(m - 1, lower))];
        double high = slopes[Math.max(0, Math.min(m - 1, upper))];
        return new Trend(n, s, z, Math.min(1, Math.max(0, p)), slope, low, high);
    }

    /**
     * What {@link #analyze} finds for a series of n equal values, without its arrays: no pair rises or falls, every
     * slope is 0. Most signals of a healthy JVM are constant most of the time (threads, buffers, classes).
     */
    static Trend constant(int n) {
        if (n < 3) {
            throw new IllegalArgumentException("need at least 3 points with times, had " + n);
        }
        return new Trend(n, 0, 0, Math.min(1, Math.max(0, 2 * (1 - normalCdf(0)))), 0, 0, 0);
    }

    private static double[] slopes(int m) {
        if (m > MAX_REUSED_SLOPES) {
            return new double[m];
        }
        double[] reused = SLOPES.get();
        if (reused.length < m) {
            reused = new double[Math.max(m, Math.min(MAX_REUSED_SLOPES, 2 * reused.length))];
            SLOPES.set(reused);
        }
        return reused;
    }

    // Sum over groups of tied values of t(t-1)(2t+5).
    private static double tieTerm(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double term = 0;
        int run = 1;
        for (int i = 1; i <= sorted.length; i++) {
            if (i < sorted.length && sorted[i] == sorted[i - 1]) {
                run++;
            } else {
                if (run > 1) {
                    term += run * (run - 1.0) * (2.0 * run + 5.0);
                }
                run = 1;
            }
        }
        return term;
    }

    static double median(double[] sorted) {
        return median(sorted, sorted.length);
    }

    // the median of the first n values of sorted
    private static double median(double[] sorted, int n) {
        int m = n / 2;
        return n % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    /** The standard normal distribution function, via erf (Abramowitz and Stegun 7.1.26, error < 1.5e-7). */
    static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                + 0.254829592) * t * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
