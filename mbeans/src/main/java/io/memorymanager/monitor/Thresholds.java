package io.memorymanager.monitor;

/**
 * A warning and a critical level, in percent. Both lie in (0, 100] and warning is below critical.
 */
public record Thresholds(double warningPercent, double criticalPercent) {

    public Thresholds {
        if (!(warningPercent > 0 && warningPercent <= 100)) {
            throw new IllegalArgumentException("warningPercent must be in (0, 100], was " + warningPercent);
        }
        if (!(criticalPercent > 0 && criticalPercent <= 100)) {
            throw new IllegalArgumentException("criticalPercent must be in (0, 100], was " + criticalPercent);
        }
        if (!(warningPercent < criticalPercent)) {
            throw new IllegalArgumentException("warningPercent must be < criticalPercent, was " + warningPercent
                    + " with criticalPercent " + criticalPercent);
        }
    }
}
