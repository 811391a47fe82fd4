package com.acme.shop;

import com.acme.catalog.ProductCache;
import com.acme.server.Traffic;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A plain, healthy storefront (the {@code console-open} scenario, while a console polls the agent): requests read
 * product pages through a small, full LRU cache of 5,000 renders (about 10 MB).
 */
public final class StorefrontService {

    private StorefrontService() {
    }

    public static void run() {
        ProductCache pages = new ProductCache(5_000);
        Traffic.serve(4, 200, request -> {
            long sku = ThreadLocalRandom.current().nextLong(20_000);
            byte[] page;
            synchronized (pages) {
                page = pages.get(sku);
            }
            if (page == null) {
                page = new byte[2048];
                synchronized (pages) {
                    pages.put(sku, page);
                }
            }
        });
    }
}
