package com.acme.pricing;

import com.acme.events.EventBus;
import com.acme.server.Rate;
import com.acme.server.Traffic;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code listeners} leak: product page views with a price alert register a {@link PriceAlertListener} on the
 * {@link EventBus}, and nothing ever closes it: {@code -DleakMbPerMin} (default 2) MB of listeners a minute. A feed
 * publishes four price changes a second to every listener.
 */
public final class PriceAlertService {

    /** What one listener keeps: itself, its 1.5 KB state and its slot in the bus's list. */
    static final int BYTES_PER_LISTENER = 1600;

    private PriceAlertService() {
    }

    public static void run() {
        Rate alertPageViews = new Rate(Rate.property("leakMbPerMin", 2) * (1 << 20) / 60 / BYTES_PER_LISTENER);
        Traffic.background("price-feed", () -> {
            while (Traffic.pause(250)) {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                EventBus.get().publish(new PriceChanged(r.nextLong(50_000), r.nextLong(100, 100_000)));
            }
        });
        Traffic.serve(4, 200, request -> {
            for (int i = alertPageViews.due(); i > 0; i--) {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                EventBus.get().register(new PriceAlertListener(request, r.nextLong(50_000), r.nextLong(100, 100_000)));
            }
        });
    }
}
