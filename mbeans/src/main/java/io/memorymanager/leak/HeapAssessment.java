package io.memorymanager.leak;

/**
 * The verdict on a window of heap-floor samples.
 *
 * @param score 0-100: NONE stays at or below 20, INFO 21-49, WARNING 50-79, CRITICAL 80 and above
 * @param growthBytesPerMinute Theil-Sen slope of the floor; 0 when there is no significant growth
 * @param timeToExhaustionSeconds when the floor reaches the maximum heap at that rate; -1 when not growing or
 *     the maximum is unknown
 * @param confidence 1 - p of the Mann-Kendall test, 0-1
 * @param pattern {@code collecting}, {@code flat}, {@code step}, {@code decelerating} or {@code sustained}
 */
public record HeapAssessment(Severity severity, int score, double growthBytesPerMinute, long timeToExhaustionSeconds,
        double confidence, String pattern, String message) {
}
