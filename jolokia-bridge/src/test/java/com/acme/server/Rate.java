package com.acme.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Events due at a steady rate by the wall clock, whoever asks: how the applications pace what happens to some
 * requests only (a session abandoned, a report rendered), independent of how many requests a starved CPU serves.
 */
public final class Rate {

    private final double perSecond;
    private final long start = System.nanoTime();
    private final AtomicLong taken = new AtomicLong();

    public Rate(double perSecond) {
        if (!(perSecond >= 0)) {
            throw new IllegalArgumentException("perSecond must be >= 0, was " + perSecond);
        }
        this.perSecond = perSecond;
    }

    /** How many events fell due since the last call (by anyone): 0 most of the time. */
    public int due() {
        long target = (long) ((System.nanoTime() - start) / 1e9 * perSecond);
        while (true) {
            long t = taken.get();
            if (t >= target) {
                return 0;
            }
            if (taken.compareAndSet(t, target)) {
                return (int) Math.min(Integer.MAX_VALUE, target - t);
            }
        }
    }

    /** {@code -D<name>} as a number, or {@code fallback}. */
    public static double property(String name, double fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : Double.parseDouble(v.trim());
    }
}
