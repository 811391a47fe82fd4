package com.acme.media;

import com.acme.server.Rate;
import com.acme.server.Traffic;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code soft-cache} non-leak: uploads ({@code -DthumbnailsPerSecond}, default 32) each add a 16 KB thumbnail to
 * a {@link ThumbnailCache}, 30 MB a minute that would fill the heap in half an hour; the collector clears soft
 * values under pressure. Views read recent thumbnails and re-render the ones cleared.
 */
public final class ThumbnailService {

    static final int THUMBNAIL_BYTES = 16 * 1024;

    private ThumbnailService() {
    }

    public static void run() {
        ThumbnailCache cache = new ThumbnailCache();
        Rate uploads = new Rate(Rate.property("thumbnailsPerSecond", 32));
        AtomicLong images = new AtomicLong();
        Traffic.serve(4, 200, request -> {
            for (int i = uploads.due(); i > 0; i--) {
                cache.put(images.incrementAndGet(), render(request));
            }
            long image = images.get() - ThreadLocalRandom.current().nextLong(1 + Math.min(images.get(), 2_000));
            if (image > 0 && cache.get(image) == null) {
                cache.put(image, render(image));
            }
        });
    }

    private static byte[] render(long seed) {
        byte[] pixels = new byte[THUMBNAIL_BYTES];
        pixels[(int) (seed % THUMBNAIL_BYTES)] = (byte) seed;
        return pixels;
    }
}
