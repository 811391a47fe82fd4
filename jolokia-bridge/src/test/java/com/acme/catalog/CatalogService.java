package com.acme.catalog;

import com.acme.server.Traffic;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code lru-warmup} non-leak: product pages (4 KB renders) through a {@link ProductCache} bounded to a quarter
 * of the heap (about 60,000 pages on 1 GB), requests spread evenly over four times as many SKUs. A cold start fills
 * the cache in about two and a half minutes; then a quarter of requests hit and every miss evicts: churn.
 */
public final class CatalogService {

    static final int PAGE_BYTES = 4096;
    /** A page's cost in the cache: the render, its entry, its boxed key. */
    static final int ENTRY_BYTES = PAGE_BYTES + 96;
    static final int REQUESTS_PER_SECOND = 500;

    private CatalogService() {
    }

    public static void run() {
        int capacity = (int) (Traffic.heapBytes(0.25) / ENTRY_BYTES);
        long skus = 4L * capacity;
        ProductCache pages = new ProductCache(capacity);
        Traffic.serve(4, REQUESTS_PER_SECOND, request -> {
            long sku = ThreadLocalRandom.current().nextLong(skus);
            byte[] page;
            synchronized (pages) {
                page = pages.get(sku);
            }
            if (page == null) {
                page = new byte[PAGE_BYTES];
                page[0] = (byte) sku;
                synchronized (pages) {
                    pages.put(sku, page);
                }
            }
        });
    }
}
