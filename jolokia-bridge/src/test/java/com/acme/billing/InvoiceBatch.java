package com.acme.billing;

import com.acme.server.Rate;
import com.acme.server.Traffic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code batch} non-leak: beside ordinary requests, a billing run every {@code -DbatchEverySeconds} (default
 * 420, the first after {@code -DbatchFirstSeconds}, default 120) loads 30% of the heap in invoices (300 MB on
 * 1 GB) page by page over 75 seconds, totals them for 20 seconds, then lets them all go.
 */
public final class InvoiceBatch {

    static final int LINES_BYTES = 2048;
    static final int INVOICE_BYTES = LINES_BYTES + 64;
    static final int PAGE = 1000;

    private InvoiceBatch() {
    }

    public static void run() {
        long first = (long) (Rate.property("batchFirstSeconds", 120) * 1000);
        long every = (long) (Rate.property("batchEverySeconds", 420) * 1000);
        Traffic.background("billing-run", () -> {
            long next = System.currentTimeMillis() + first;
            while (Traffic.pause(Math.max(0, next - System.currentTimeMillis()))) {
                next += every;
                bill(Traffic.heapBytes(0.30) / INVOICE_BYTES, 75_000, 20_000);
            }
        });
        Traffic.serve(4, 200, request -> { });
    }

    /** Loads {@code invoices} over {@code loadMillis}, totals them for {@code processMillis}; returns the total. */
    static long bill(long invoices, long loadMillis, long processMillis) {
        List<Invoice> loaded = new ArrayList<>();
        long pages = Math.max(1, invoices / PAGE);
        for (long p = 0; p < pages; p++) {
            for (int i = 0; i < PAGE; i++) {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                loaded.add(new Invoice(p * PAGE + i, r.nextLong(100_000), r.nextLong(100_000), new byte[LINES_BYTES]));
            }
            if (!Traffic.pause(loadMillis / pages)) {
                return -1;
            }
        }
        long total = 0;
        long end = System.currentTimeMillis() + processMillis;
        while (System.currentTimeMillis() < end) {
            for (Invoice invoice : loaded) {
                total += invoice.cents() + invoice.lines()[(int) (invoice.id() % LINES_BYTES)];
            }
            if (!Traffic.pause(1_000)) {
                return -1;
            }
        }
        return total;
    }
}
