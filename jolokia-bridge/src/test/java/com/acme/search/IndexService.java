package com.acme.search;

import com.acme.server.Traffic;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code steady-80} non-leak: a search index held in memory, 78% of the heap in 32 KB blocks (with the rest of
 * the service, about 80% live), built over the first minute. Then a merger rewrites segments in turn, about 2 MB of
 * blocks a second (the old blocks become garbage in the old generation), while requests read blocks.
 */
public final class IndexService {

    static final int BLOCK_BYTES = 32 * 1024;

    private IndexService() {
    }

    public static void run() {
        byte[][] blocks = new byte[(int) (Traffic.heapBytes(0.78) / (BLOCK_BYTES + 16))][];
        Traffic.background("index-merger", () -> {
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = new byte[BLOCK_BYTES];
                if (i % 256 == 0 && !Traffic.pause(60_000L * 256 / blocks.length)) {
                    return;
                }
            }
            // Segment by segment, in turn: what a merge replaces was written together, so it frees whole regions.
            for (int next = 0; Traffic.pause(100); ) {
                for (int i = 0; i < 6; i++, next = (next + 1) % blocks.length) {    // 60 blocks a second
                    blocks[next] = new byte[BLOCK_BYTES];
                }
            }
        });
        Traffic.serve(4, 200, request -> {
            byte[] b = blocks[ThreadLocalRandom.current().nextInt(blocks.length)];
            if (b != null) {
                b[(int) (request % BLOCK_BYTES)]++;
            }
        });
    }
}
