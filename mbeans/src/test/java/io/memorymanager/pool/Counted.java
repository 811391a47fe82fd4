package io.memorymanager.pool;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A pooled test object that knows whether it is on loan, and whether it was destroyed. */
final class Counted {

    private static final AtomicInteger IDS = new AtomicInteger();

    final int id = IDS.incrementAndGet();
    final AtomicBoolean inUse = new AtomicBoolean();
    final AtomicBoolean destroyed = new AtomicBoolean();
    volatile boolean valid = true;

    @Override
    public String toString() {
        return "Counted#" + id;
    }
}
