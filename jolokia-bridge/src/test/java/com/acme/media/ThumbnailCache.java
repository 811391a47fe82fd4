package com.acme.media;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rendered thumbnails held softly: the cache never evicts by itself, the garbage collector clears values when the
 * heap runs short, and cleared entries are dropped on the next put.
 */
public final class ThumbnailCache {

    private static final class Thumbnail extends SoftReference<byte[]> {
        final long image;

        Thumbnail(long image, byte[] pixels, ReferenceQueue<byte[]> queue) {
            super(pixels, queue);
            this.image = image;
        }
    }

    private final Map<Long, Thumbnail> entries = new ConcurrentHashMap<>();
    private final ReferenceQueue<byte[]> cleared = new ReferenceQueue<>();

    public void put(long image, byte[] pixels) {
        for (Reference<? extends byte[]> r = cleared.poll(); r != null; r = cleared.poll()) {
            entries.remove(((Thumbnail) r).image, r);
        }
        entries.put(image, new Thumbnail(image, pixels, cleared));
    }

    /** The pixels, or null when never rendered or cleared by the collector. */
    public byte[] get(long image) {
        Thumbnail t = entries.get(image);
        return t == null ? null : t.get();
    }

    public int size() {
        return entries.size();
    }
}
