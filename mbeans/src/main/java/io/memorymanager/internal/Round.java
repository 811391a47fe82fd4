package io.memorymanager.internal;

/**
 * Numbers as people read them: a percentage to 0.1, a rate of bytes to whole bytes, a ratio or confidence to three
 * digits. Applied where a value leaves for a person (an attribute, a record a client reads), never inside a
 * computation. Negative sentinels (-1 for unknown) pass through unchanged.
 */
public final class Round {

    private Round() {
    }

    /** A percentage to one decimal: 12.3. */
    public static double percent(double value) {
        return to(value, 10);
    }

    /** Bytes (or bytes per unit of time) to a whole number. */
    public static double bytes(double value) {
        return to(value, 1);
    }

    /** A count per unit of time to one decimal: 2.5 threads a minute. */
    public static double count(double value) {
        return to(value, 10);
    }

    /** A ratio or confidence (0-1) to three digits: 0.999. */
    public static double ratio(double value) {
        return to(value, 1000);
    }

    /** Milliseconds to microseconds: 0.125 ms. */
    public static double millis(double value) {
        return to(value, 1000);
    }

    private static double to(double value, double scale) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value == -1) {
            return value;
        }
        return Math.round(value * scale) / scale;
    }
}
