package io.memorymanager.leak;

import java.util.Arrays;
import java.util.function.DoubleFunction;

/**
 * Judges one signal's window of samples: is it a leak, how sure, how fast, and when does it run out. Evidence comes
 * before alarm:
 * <ul>
 *   <li>noise and bursts are not a trend (no significant Mann-Kendall trend);</li>
 *   <li>a one-time step (one jump carries the rise and neither side of it grows) is INFO;</li>
 *   <li>warm-up towards a plateau (the second half of the window grows at less than a quarter of the first half's
 *       rate, or not significantly) is INFO;</li>
 *   <li>growth below what a leak of this kind shows (a rate, an amount over the window, a level) is INFO;</li>
 *   <li>a WARNING needs the trend to have held for {@link Rules#fullEvidenceMillis()} (8 minutes of the default
 *       10-minute window), and a projection never reaches further ahead than {@link #HORIZON_FACTOR} times the data
 *       behind it, at the slowest rate the data allow: "full in 45 min" needs at least 45/12 minutes of sustained
 *       growth (and never less than {@link Rules#minEvidenceMillis()}, 4 min 15 s by default), which is what lets a fast leak go CRITICAL in minutes while a slow
 *       one, or a cache filling up, has to prove itself over most of the window.</li>
 * </ul>
 */
final class TrendJudge {

    /** Fewer points than this give no verdict. */
    static final int MIN_POINTS = 8;
    /** How far ahead a projection may reach, in multiples of the span of data it rests on. */
    static final double HORIZON_FACTOR = 12;
    static final long HOUR_SECONDS = 3600;
    static final long DAY_SECONDS = 86_400;
    private static final double STEP_SHARE = 0.6;
    private static final double DECELERATION = 0.25;

    /**
     * What growth of one signal must show before it may alarm.
     *
     * @param what the signal as a person names it ("heap floor", "live threads")
     * @param unit formats an amount of the signal ("12.0 MB", "14 threads")
     * @param limit where the signal runs out (maximum heap, maximum direct memory), or -1 for none: without a
     *     limit a WARNING needs the thresholds below, and there is no CRITICAL
     * @param minRatePerMinute growth slower than this is INFO
     * @param minGrowth growth over the window smaller than this is INFO
     * @param minLevel a level below this never alarms (a few MB of direct memory)
     * @param minShareOfLimit a level below this share of the limit never alarms
     * @param minEvidenceMillis no alarm on less data than this
     * @param fullEvidenceMillis data enough for any alarm
     * @param mayAlarm false for signals that are INFO at most (file mappings)
     */
    record Rules(String what, DoubleFunction<String> unit, long limit, double minRatePerMinute, double minGrowth,
            double minLevel, double minShareOfLimit, long minEvidenceMillis, long fullEvidenceMillis,
            boolean mayAlarm) {

        /** The evidence the default window asks of an alarm: 42.5% and 80% of the window, at most 4:15 and 8 min. */
        static long[] evidence(long windowMillis) {
            long min = Math.max(30_000, Math.min(255_000, windowMillis * 17 / 40));
            long full = Math.max(min, Math.min(windowMillis * 4 / 5, Math.max(min, 480_000)));
            return new long[] {min, full};
        }
    }

    private TrendJudge() {
    }

    /**
     * @param timesMillis sample times, strictly increasing
     * @param values the signal at those times
     * @param alpha significance of the trend test (0.01 by default; lower is less sensitive)
     */
    static Assessment judge(long[] timesMillis, long[] values, Rules rules, double alpha) {
        int n = values.length;
        if (n < MIN_POINTS) {
            return new Assessment(Severity.NONE, 0, 0, -1, 0, "collecting",
                    "collecting samples: " + n + " of at least " + MIN_POINTS);
        }
        if (constant(values)) {
            return flat(TrendStatistics.constant(n), rules, alpha);
        }
        double[] t = minutes(timesMillis, 0, n);
        double[] x = doubles(values, 0, n);
        TrendStatistics.Trend trend = TrendStatistics.analyze(t, x);
        double confidence = 1 - trend.pValue();
        if (trend.pValue() >= alpha) {
            return flat(trend, rules, alpha);
        }
        if (trend.s() <= 0 || trend.slope() <= 0) {
            return new Assessment(Severity.NONE, 0, 0, -1, confidence, "falling", trend.slope() < 0
                    ? String.format("the %s %s (%s/min)", rules.what(), verb(rules.what(), "fall"),
                            rules.unit().apply(-trend.slope()))
                    : String.format("the %s %s", rules.what(), rules.what().endsWith("s") ? "do not grow" : "does not grow"));
        }
        long spanMillis = timesMillis[n - 1] - timesMillis[0];
        double floorLevel = Math.max(rules.minLevel(), rules.limit() > 0 ? rules.minShareOfLimit() * rules.limit() : 0);
        double rawGrowth = median(x, n - 3, n) - median(x, 0, 3);
        if (rawGrowth < rules.minGrowth() && median(x, n - 3, n) < floorLevel) {
            return new Assessment(Severity.NONE, 10, 0, -1, confidence, "small", String.format(
                    "the %s changed by %s to %s: too little to matter (under %s of growth and %s in all)",
                    rules.what(), rules.unit().apply(rawGrowth), rules.unit().apply(median(x, n - 3, n)),
                    rules.unit().apply(rules.minGrowth()), rules.unit().apply(floorLevel)));
        }
        int[] burst = steepestShortRise(timesMillis, x, spanMillis / 4);
        double rise = median(x, n - 3, n) - median(x, 0, 3);
        boolean enough = n >= 2 * MIN_POINTS;   // too few points to tell a step or a plateau: only "early" below
        if (enough && burst != null && x[burst[1]] - x[burst[0]] > STEP_SHARE * rise
                && !rises(timesMillis, values, 0, burst[0] + 1, alpha)
                && !rises(timesMillis, values, burst[1], n, alpha)) {
            return new Assessment(Severity.INFO, 30, trend.slope(), -1, confidence, "step", String.format(
                    "one-time rise of %s in the %s within %s, flat before and after: a cache filled or data loaded, "
                            + "not a leak", rules.unit().apply(x[burst[1]] - x[burst[0]]), rules.what(),
                    duration(Math.max(1, (timesMillis[burst[1]] - timesMillis[burst[0]]) / 1000))));
        }
        int half = n / 2;
        TrendStatistics.Trend first = TrendStatistics.analyze(minutes(timesMillis, 0, half), doubles(values, 0, half));
        TrendStatistics.Trend second = TrendStatistics.analyze(minutes(timesMillis, half, n), doubles(values, half, n));
        if (enough && (!second.rising(Math.max(alpha, 0.05)) || second.slope() < DECELERATION * first.slope())) {
            return new Assessment(Severity.INFO, 35, trend.slope(), -1, confidence, "decelerating", String.format(
                    "%s %s %s/min over %s, but only %s/min in the last %s (%s/min before): growth towards a "
                            + "plateau, as a cache or pool filling up shows, not a leak", capital(rules.what()),
                    verb(rules.what(), "rise"), rules.unit().apply(trend.slope()), duration(spanMillis / 1000),
                    rules.unit().apply(Math.max(0, second.slope())),
                    duration((timesMillis[n - 1] - timesMillis[half]) / 1000),
                    rules.unit().apply(Math.max(0, first.slope()))));
        }
        int quarter = n / 4;
        if (quarter >= 6) {
            TrendStatistics.Trend last = TrendStatistics.analyze(minutes(timesMillis, n - quarter, n),
                    doubles(values, n - quarter, n));
            if (!last.rising(0.05) && last.slope() < DECELERATION * trend.slope()) {
                return new Assessment(Severity.INFO, 35, trend.slope(), -1, confidence, "stopped", String.format(
                        "%s %s %s/min over %s, but only %s/min in the last %s: the growth has stopped or nearly, as "
                                + "when a cache or pool reaches its size; not a leak while it stays so",
                        capital(rules.what()), verb(rules.what(), "rise"), rules.unit().apply(trend.slope()),
                        duration(spanMillis / 1000), rules.unit().apply(Math.max(0, last.slope())),
                        duration((timesMillis[n - 1] - timesMillis[n - quarter]) / 1000)));
            }
        }
        double rate = trend.slope();
        double level = projected(t, x, rate, t[n - 1]);
        double growth = rate * spanMillis / 60_000.0;
        String grows = String.format("%s %s %s/min (95%% CI %s to %s, p = %s) over %s, now %s",
                capital(rules.what()), verb(rules.what(), "grow"), rules.unit().apply(rate), rules.unit().apply(trend.slopeLow()),
                rules.unit().apply(trend.slopeHigh()), round(trend.pValue()), duration(spanMillis / 1000),
                rules.unit().apply(level));
        int infoScore = 21 + (int) Math.round(23 * Math.min(1, trend.z() / 10));
        if (rate < rules.minRatePerMinute()) {
            return new Assessment(Severity.INFO, infoScore, rate, -1, confidence, "slow", grows + String.format(
                    "; below the %s/min a leak of this kind shows", rules.unit().apply(rules.minRatePerMinute())));
        }
        if (growth < rules.minGrowth()) {
            return new Assessment(Severity.INFO, infoScore, rate, -1, confidence, "small", grows + String.format(
                    "; %s in all, less than the %s that would be worth an alarm", rules.unit().apply(growth),
                    rules.unit().apply(rules.minGrowth())));
        }
        if (level < floorLevel) {
            return new Assessment(Severity.INFO, infoScore, rate, -1, confidence, "small", grows + String.format(
                    "; alarms start at %s", rules.unit().apply(floorLevel)));
        }
        long tteSeconds = rules.limit() > 0 ? Math.max(0, Math.round((rules.limit() - level) / rate * 60)) : -1;
        // Severity rests on the slowest rate the data allow (the 95% interval's low end): a rise with a wide interval,
        // such as a load that is over, does not get to project a short time to the limit.
        long sureSeconds = rules.limit() <= 0 ? -1 : trend.slopeLow() > 0
                ? Math.max(0, Math.round((rules.limit() - level) / trend.slopeLow() * 60)) : Long.MAX_VALUE / 4;
        String when = tteSeconds < 0 ? "" : String.format("; at this rate it reaches the limit of %s in %s%s",
                rules.unit().apply(rules.limit()), duration(tteSeconds), sureSeconds > 2 * tteSeconds
                        ? sureSeconds >= Long.MAX_VALUE / 4 ? " (or never, at the low end of the 95% interval)"
                        : " (" + duration(sureSeconds) + " at the low end of the 95% interval)" : "");
        if (!rules.mayAlarm()) {
            return new Assessment(Severity.INFO, infoScore, rate, tteSeconds, confidence, "sustained", grows + when);
        }
        long required = sureSeconds < 0 ? rules.fullEvidenceMillis() : Math.max(rules.minEvidenceMillis(),
                Math.min(rules.fullEvidenceMillis(), Math.round(Math.min(sureSeconds, DAY_SECONDS) * 1000 / HORIZON_FACTOR)));
        if (spanMillis < required) {
            return new Assessment(Severity.INFO, Math.max(infoScore, 45), rate, tteSeconds, confidence, "early",
                    grows + when + String.format("; rising for %s: judged after %s of data",
                            duration(spanMillis / 1000), duration(required / 1000)));
        }
        double fill = rules.limit() > 0 ? level / rules.limit() : 0;
        if (rules.limit() > 0 && (sureSeconds <= HOUR_SECONDS || fill > 0.9)) {
            int score = 80 + (int) Math.round(20 * Math.max(fill > 0.9 ? fill : 0, 1 - sureSeconds / (double) HOUR_SECONDS));
            return new Assessment(Severity.CRITICAL, Math.min(100, score), rate, tteSeconds, confidence, "sustained",
                    grows + when);
        }
        if (rules.limit() > 0 && sureSeconds > DAY_SECONDS) {
            return new Assessment(Severity.INFO, infoScore, rate, tteSeconds, confidence, "slow",
                    grows + when + "; slow enough to watch, not to page");
        }
        int score = rules.limit() > 0
                ? 50 + (int) Math.round(29 * (1 - (sureSeconds - HOUR_SECONDS) / (double) (DAY_SECONDS - HOUR_SECONDS)))
                : 50 + (int) Math.round(29 * Math.min(1, (rate / Math.max(1e-9, rules.minRatePerMinute()) - 1) / 9));
        return new Assessment(Severity.WARNING, Math.min(79, Math.max(50, score)), rate, tteSeconds, confidence,
                "sustained", grows + when);
    }

    private static boolean rises(long[] t, long[] x, int from, int to, double alpha) {
        return to - from >= 3 && TrendStatistics.analyze(minutes(t, from, to), doubles(x, from, to)).rising(alpha);
    }

    /**
     * The largest rise x[j] - x[i] with i < j and t[j] - t[i] at most {@code maxMillis} (at least one step): a
     * load or a step, when it carries most of the window's rise. Linear: a sliding maximum over j for each i.
     */
    static int[] steepestShortRise(long[] t, double[] x, long maxMillis) {
        int n = x.length;
        int[] window = new int[n];
        int head = 0;
        int tail = 0;
        int next = 1;
        int[] best = null;
        double bestRise = 0;
        for (int i = 0; i < n - 1; i++) {
            while (next < n && (next == i + 1 || t[next] - t[i] <= maxMillis)) {
                while (tail > head && x[window[tail - 1]] <= x[next]) {
                    tail--;
                }
                window[tail++] = next++;
            }
            while (tail > head && window[head] <= i) {
                head++;
            }
            if (tail > head && x[window[head]] - x[i] > bestRise) {
                bestRise = x[window[head]] - x[i];
                best = new int[] {i, window[head]};
            }
        }
        return best;
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

    private static Assessment flat(TrendStatistics.Trend trend, Rules rules, double alpha) {
        int score = (int) Math.round(20 * Math.min(1, Math.max(0, trend.z()) / 3));
        return new Assessment(Severity.NONE, score, 0, -1, 1 - trend.pValue(), "flat", String.format(
                "no significant growth of the %s (p = %s, judged at %s)", rules.what(), round(trend.pValue()),
                round(alpha)));
    }

    private static boolean constant(long[] values) {
        for (long v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
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

    // "live threads grow", "heap floor grows"
    private static String verb(String what, String verb) {
        return what.endsWith("s") ? verb : verb + "s";
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Bytes for a person: 1.5 GB, 12.0 MB, 3.4 KB, 512 B. */
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

    /** A count for a person: whole when large, one decimal when small (0.4 threads/min). */
    static String count(double n, String noun) {
        double abs = Math.abs(n);
        String number = abs >= 10_000 ? String.format("%.1f k", n / 1000) : abs >= 100 || abs == Math.rint(abs)
                ? String.format("%.0f", n) : String.format("%.1f", n);
        return noun.isEmpty() ? number : number + " " + noun;
    }

    /** A duration for a person: 45 s, 4 min 30 s, 12 min, 3.5 h, 2.1 d. */
    static String duration(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        } else if (seconds < 600) {
            return seconds % 60 == 0 ? (seconds / 60) + " min" : (seconds / 60) + " min " + (seconds % 60) + " s";
        } else if (seconds < 7200) {
            return (seconds / 60) + " min";
        } else if (seconds < 3 * DAY_SECONDS) {
            return String.format("%.1f h", seconds / 3600.0);
        }
        return String.format("%.1f d", seconds / (double) DAY_SECONDS);
    }

    /** A p-value or level as people read it: 0.0012, < 0.0001. */
    static String round(double p) {
        return p < 0.0001 ? "< 0.0001" : String.format("%.4f", p);
    }
}
