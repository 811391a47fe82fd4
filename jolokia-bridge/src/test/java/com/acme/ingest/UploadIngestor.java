package com.acme.ingest;

import com.acme.server.Traffic;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The {@code bursts} non-leak: ordinary requests, and every one to four minutes a burst of uploads that buffers
 * 20-80 MB (at most 10% of the heap) over a few seconds, holds it for 20-60 seconds while it is processed, then
 * releases it. The bursts follow a fixed seed, so every run sees the same ones.
 */
public final class UploadIngestor {

    static final int CHUNK_BYTES = 64 * 1024;

    private UploadIngestor() {
    }

    public static void run() {
        Traffic.background("upload-bursts", () -> {
            Random random = new Random(42);
            while (Traffic.pause(60_000 + random.nextInt(180_000))) {
                long bytes = Math.min(Traffic.heapBytes(0.10), (20L + random.nextInt(61)) << 20);
                if (burst(bytes, 20_000 + random.nextInt(40_001)) < 0) {
                    return;
                }
            }
        });
        Traffic.serve(4, 200, request -> { });
    }

    /** Buffers {@code bytes} of uploads over about five seconds and holds them {@code holdMillis}. */
    static long burst(long bytes, long holdMillis) {
        List<byte[]> buffered = new ArrayList<>();
        long chunks = bytes / CHUNK_BYTES;
        for (long c = 0; c < chunks; c++) {
            buffered.add(new byte[CHUNK_BYTES]);
            if (c % 64 == 0 && !Traffic.pause(5_000 * 64 / Math.max(64, chunks))) {
                return -1;
            }
        }
        long checksum = 0;
        for (long end = System.currentTimeMillis() + holdMillis; System.currentTimeMillis() < end; ) {
            for (byte[] chunk : buffered) {
                checksum += chunk[(int) (checksum & (CHUNK_BYTES - 1))];
            }
            if (!Traffic.pause(1_000)) {
                return -1;
            }
        }
        return checksum + buffered.size();
    }
}
