package com.acme.geo;

import com.acme.server.Rate;
import com.acme.server.Traffic;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code reference-data} non-leak: {@code -DreferenceDataSeconds} (default 180) after start the service loads its
 * delivery regions, 30% of the heap (300 MB on 1 GB), page by page over 45 seconds, swaps them in, and keeps them
 * unchanged from then on. Requests look regions up.
 */
public final class GeoService {

    static final int OUTLINE_BYTES = 1536;
    /** A region's cost: the outline, the record, two strings and its map entry. */
    static final int REGION_BYTES = OUTLINE_BYTES + 200;

    private static volatile Map<String, Region> regions = Map.of();

    private GeoService() {
    }

    public static void run() {
        long after = (long) (Rate.property("referenceDataSeconds", 180) * 1000);
        Traffic.background("reference-data-loader", () -> {
            if (Traffic.pause(after)) {
                regions = load(Traffic.heapBytes(0.30) / REGION_BYTES, 45_000);
            }
        });
        Traffic.serve(4, 200, request -> {
            Map<String, Region> r = regions;
            if (!r.isEmpty()) {
                r.get("R" + ThreadLocalRandom.current().nextInt(r.size()));
            }
        });
    }

    static Map<String, Region> load(long count, long overMillis) {
        Map<String, Region> loaded = new HashMap<>();
        long pages = Math.max(1, count / 5_000);
        for (long p = 0; p < pages; p++) {
            for (long i = p * 5_000; i < (p + 1) * 5_000; i++) {
                String code = "R" + i;
                loaded.put(code, new Region(code, "Region " + i, new byte[OUTLINE_BYTES]));
            }
            if (!Traffic.pause(overMillis / pages)) {
                break;
            }
        }
        return loaded;
    }
}
