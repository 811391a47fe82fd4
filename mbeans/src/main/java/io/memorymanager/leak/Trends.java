package io.memorymanager.leak;

import java.time.Duration;

/**
 * The leak detector's judgement of a series, for other parts that project a figure to a limit (the memory
 * budget): the same robust statistics and the same patterns, so that a sawtooth, a one-time step, growth that
 * slows or stops, or too little evidence is no trend.
 */
public final class Trends {

    private Trends() {
    }

    /** A duration as people read it: 45 s, 12 min, 3 h 20 min. */
    public static String duration(long seconds) {
        return TrendJudge.duration(seconds);
    }

    /**
     * Seconds until {@code values} reach {@code limit} at their trend, projected as the leak detector projects the
     * heap floor (from the low end of the slope's 95% interval, never further than the data supports); -1 when
     * the evidence over {@code window} does not show a sustained rise.
     *
     * @param millis sample times, strictly increasing
     */
    public static long secondsToLimit(long[] millis, long[] values, long limit, Duration window, String what) {
        if (millis.length != values.length || limit <= 0) {
            return -1;
        }
        long[] evidence = TrendJudge.Rules.evidence(window.toMillis());
        Assessment a = TrendJudge.judge(millis, values, new TrendJudge.Rules(what, TrendJudge::bytes, limit, 0, 0, 0,
                0, evidence[0], evidence[1], true), 0.01);
        return a.alarm() ? a.timeToExhaustionSeconds() : -1;
    }
}
