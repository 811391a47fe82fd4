package com.acme.catalog;

import java.util.LinkedHashMap;
import java.util.Map;

/** Rendered product pages by SKU, least recently used evicted past {@code maxEntries}. Not thread-safe. */
public final class ProductCache extends LinkedHashMap<Long, byte[]> {

    private static final long serialVersionUID = 1L;

    private final int maxEntries;

    public ProductCache(int maxEntries) {
        super(1024, 0.75f, true);
        this.maxEntries = maxEntries;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
        return size() > maxEntries;
    }
}
