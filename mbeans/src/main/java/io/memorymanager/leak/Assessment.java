package io.memorymanager.leak;

/**
 * The verdict on one signal's window of samples.
 *
 * @param score 0-100: NONE stays at or below 20, INFO 21-49, WARNING 50-79, CRITICAL 80 and above
 * @param growthPerMinute Theil-Sen slope of the signal, in its unit per minute; 0 when it is not growing
 * @param timeToExhaustionSeconds when the signal reaches its limit at that rate; -1 when not growing or there is
 *     no limit
 * @param confidence 1 - p of the Mann-Kendall test, 0-1
 * @param pattern {@code collecting}, {@code flat}, {@code falling}, {@code step}, {@code decelerating},
 *     {@code slow}, {@code small}, {@code early}, {@code soft}, {@code churn} or {@code sustained}
 * @param message what was seen, with the reason when growth is not (yet) judged a leak
 */
record Assessment(Severity severity, int score, double growthPerMinute, long timeToExhaustionSeconds,
        double confidence, String pattern, String message) {

    static final Assessment COLLECTING = new Assessment(Severity.NONE, 0, 0, -1, 0, "collecting", "collecting samples");

    /** Whether the signal rises significantly, whatever the verdict on it. */
    boolean rising() {
        return growthPerMinute > 0 && !pattern.equals("flat") && !pattern.equals("falling")
                && !pattern.equals("collecting");
    }

    /**
     * Whether the rise has a shape no leak has while it keeps it: a step (data loaded at once), growth slowing
     * towards a plateau or stopped, or classes unloaded as fast as they load (churn).
     */
    boolean levelsOff() {
        return pattern.equals("step") || pattern.equals("decelerating") || pattern.equals("stopped")
                || pattern.equals("churn");
    }

    boolean alarm() {
        return severity.compareTo(Severity.WARNING) >= 0;
    }

    /** This verdict held back to INFO, for the given reason (pattern and message). */
    Assessment heldBack(String why, String reason) {
        return !alarm() ? this : new Assessment(Severity.INFO, Math.min(49, Math.max(21, score - 30)), growthPerMinute,
                timeToExhaustionSeconds, confidence, why, reason);
    }
}
