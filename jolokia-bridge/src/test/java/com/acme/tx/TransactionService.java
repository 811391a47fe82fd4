package com.acme.tx;

import com.acme.server.Rate;
import com.acme.server.Traffic;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code threadlocal} leak: requests run their transaction on a fixed pool of eight {@code tx-worker-<n>}
 * threads; audited ones add a {@link RequestContext} to the worker's {@link AuditTrail}, held by a ThreadLocal and
 * never flushed on this path: {@code -DleakMbPerMin} (default 2) MB a minute, spread over the eight threads.
 */
public final class TransactionService {

    /** What one audit record keeps: itself, its 1 KB snapshot and its slot in the thread's list. */
    static final int BYTES_PER_RECORD = 1080;

    private TransactionService() {
    }

    public static void run() {
        AtomicInteger n = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "tx-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Rate audited = new Rate(Rate.property("leakMbPerMin", 2) * (1 << 20) / 60 / BYTES_PER_RECORD);
        Traffic.serve(4, 200, request -> workers.submit(() -> {
            byte[] rows = new byte[4096];    // the transaction's own short-lived work
            rows[(int) (request % rows.length)] = 1;
            for (int i = audited.due(); i > 0; i--) {
                AuditTrail.record(new RequestContext(request));
            }
            return rows.length;
        }).get());
    }
}
