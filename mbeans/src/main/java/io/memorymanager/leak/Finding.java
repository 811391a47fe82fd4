package io.memorymanager.leak;

import io.memorymanager.internal.Round;

/**
 * What one signal shows.
 *
 * @param kind {@code HEAP}, {@code THREADS}, {@code CLASSES} or {@code DIRECT_BUFFERS}
 * @param growthPerMinute in the signal's unit (bytes, threads, classes) per minute
 * @param confidence 0-1
 * @param sinceMillis when this severity was first seen, epoch milliseconds
 */
public record Finding(String kind, Severity severity, int score, double growthPerMinute, double confidence,
        long sinceMillis, String message, String recommendation) {

    public Finding {
        boolean bytes = kind.equals("HEAP") || kind.endsWith("_BUFFERS");
        growthPerMinute = bytes ? Round.bytes(growthPerMinute) : Round.count(growthPerMinute);
        confidence = Round.ratio(confidence);
    }
}
