package io.memorymanager.profile;

import io.memorymanager.internal.Round;
import java.util.List;

/**
 * Where sampled allocations came from: the allocated class and the top application frames of their stacks.
 *
 * @param frames innermost first, as {@code com.acme.Orders.load(Orders.java:42)}
 * @param estimatedBytes bytes these samples stand for (JFR's weights) over the window
 * @param sharePercent of all sampled bytes in the window (0-100)
 * @param samples how many allocation samples fell here
 */
public record AllocationSite(List<String> frames, String className, long estimatedBytes, double sharePercent,
        long samples) {

    public AllocationSite {
        sharePercent = Round.percent(sharePercent);
    }
}
