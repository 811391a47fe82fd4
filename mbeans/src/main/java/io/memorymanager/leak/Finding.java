package io.memorymanager.leak;

import io.memorymanager.Description;
import io.memorymanager.internal.Round;

/**
 * What one signal shows.
 *
 * @param kind {@code HEAP}, {@code THREADS}, {@code CLASSES} or {@code DIRECT_BUFFERS}
 * @param growthPerMinute in the signal's unit (bytes, threads, classes) per minute
 * @param confidence 0-1
 * @param sinceMillis when this severity was first seen, epoch milliseconds
 */
@Description("A leak finding")
public record Finding(
        @Description("HEAP, THREADS, CLASSES, DIRECT_BUFFERS or MAPPED_BUFFERS") String kind,
        @Description("NONE, INFO, WARNING or CRITICAL") Severity severity,
        @Description("0-100") int score,
        @Description("growth per minute in the signal's unit") double growthPerMinute,
        @Description("0-1") double confidence,
        @Description("since, epoch ms") long sinceMillis,
        @Description("what was seen") String message,
        @Description("what to do") String recommendation) {

    public Finding {
        boolean bytes = kind.equals("HEAP") || kind.endsWith("_BUFFERS");
        growthPerMinute = bytes ? Round.bytes(growthPerMinute) : Round.count(growthPerMinute);
        confidence = Round.ratio(confidence);
    }
}
