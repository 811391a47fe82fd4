package com.acme.probe;

/** An application class whose instances tests keep, for histograms to count. */
public final class Order {

    private final long id;
    private final long total;

    public Order(long id) {
        this.id = id;
        this.total = id * 3;
    }

    public long total() {
        return total + id;
    }
}
