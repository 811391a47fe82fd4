package com.acme.pricing;

import com.acme.events.EventBus;

/**
 * A product page's "tell me when the price drops" widget: it listens for price changes and keeps its rendered state
 * (1.5 KB). {@link #close()} unregisters it; the page is supposed to call it when it goes away.
 */
public final class PriceAlertListener implements EventBus.Listener, AutoCloseable {

    private final long customer;
    private final long sku;
    private final long thresholdCents;
    private final byte[] widgetState = new byte[1536];
    private int alerts;

    public PriceAlertListener(long customer, long sku, long thresholdCents) {
        this.customer = customer;
        this.sku = sku;
        this.thresholdCents = thresholdCents;
        widgetState[0] = (byte) customer;
    }

    @Override
    public void onEvent(Object event) {
        if (event instanceof PriceChanged p && p.sku() == sku && p.cents() < thresholdCents) {
            alerts++;
            widgetState[alerts % widgetState.length] = (byte) customer;
        }
    }

    @Override
    public void close() {
        EventBus.get().unregister(this);
    }
}
