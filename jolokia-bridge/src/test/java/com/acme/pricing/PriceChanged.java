package com.acme.pricing;

/** Published on the event bus when a product's price changes. */
public record PriceChanged(long sku, long cents) {
}
