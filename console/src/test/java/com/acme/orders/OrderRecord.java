package com.acme.orders;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the browser test's application leaks: 2,000 records a second into a static list (about 300 KB a second, up to
 * 600,000 records: five minutes, 90 MB), so that a histogram diff has a growing application class to show first and
 * the leak detector a leak to judge while the test runs. Outside
 * {@code io.memorymanager}, whose classes the profiler leaves out of its histograms as its own.
 */
public final class OrderRecord {

    static final List<OrderRecord> KEPT = Collections.synchronizedList(new ArrayList<>());

    long id;
    long customer;
    long placedMillis;
    long amountCents;
    long a4;
    long a5;
    long a6;
    long a7;
    long a8;
    long a9;
    long a10;
    long a11;
    long a12;
    long a13;
    long a14;
    long a15;

    private OrderRecord(long id) {
        this.id = id;
    }

    /** Starts keeping records on a daemon thread. */
    public static void startLeaking() {
        Thread leak = new Thread(() -> {
            long n = 0;
            while (KEPT.size() < 600_000) {
                for (int i = 0; i < 200; i++) {
                    KEPT.add(new OrderRecord(n++));
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "e2e-leak");
        leak.setDaemon(true);
        leak.start();
    }
}
