package com.acme.reports;

import com.acme.server.Rate;
import com.acme.server.Traffic;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The {@code executor-per-request} leak: each report request ({@code -DreportsPerMinute}, default 2) renders on a
 * fresh single-thread executor that is never shut down, so its {@code pool-<n>-thread-1} waits for work for ever.
 */
public final class ReportService {

    private ReportService() {
    }

    public static void run() {
        Rate reportRequests = new Rate(Rate.property("reportsPerMinute", 2) / 60);
        Traffic.serve(4, 200, request -> {
            for (int i = reportRequests.due(); i > 0; i--) {
                render(request);
            }
        });
    }

    /** Renders report {@code id} off the request thread, with a timeout. */
    static byte[] render(long id) throws Exception {
        ExecutorService renderer = Executors.newFixedThreadPool(1);
        Future<byte[]> pdf = renderer.submit(() -> {
            byte[] page = new byte[256 * 1024];
            for (int p = 0; p < 8; p++) {
                page = new byte[page.length];    // page by page, each a few hundred KB of garbage
                page[p] = (byte) id;
            }
            return page;
        });
        return pdf.get(30, TimeUnit.SECONDS);
    }
}
