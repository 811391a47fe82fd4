package com.acme.gateway;

import com.acme.server.Rate;
import com.acme.server.Traffic;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code thread-pool-growth} non-leak: backend calls (100-300 ms each) run on a cached pool of
 * {@code gateway-io-<n>} threads, at most 200. Concurrent calls start at 10; after a minute the morning load rises
 * to 200 over 90 seconds, and stays there: the pool grows to 200 threads, which all stay busy and alive.
 */
public final class ApiGateway {

    static final int MAX_THREADS = 200;

    private ApiGateway() {
    }

    public static void run() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, MAX_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "gateway-io-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                (r, executor) -> {
                    try {
                        executor.getQueue().put(r);    // all threads busy: the caller waits for one
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new RejectedExecutionException("interrupted", e);
                    }
                });
        Semaphore inFlight = new Semaphore(10);
        long rampAfter = (long) (Rate.property("rampAfterSeconds", 60) * 1000);
        Traffic.background("gateway-load", () -> {
            if (!Traffic.pause(rampAfter)) {
                return;
            }
            for (int added = 0; added < MAX_THREADS - 10 && Traffic.pause(90_000 / (MAX_THREADS - 10)); added++) {
                inFlight.release();
            }
        });
        Traffic.background("gateway-dispatcher", () -> {
            try {
                while (true) {
                    inFlight.acquire();
                    pool.execute(() -> {
                        try {
                            callBackend();
                        } finally {
                            inFlight.release();
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Traffic.serve(2, 100, request -> { });
    }

    private static void callBackend() {
        byte[] response = new byte[8192];
        response[0] = 1;
        Traffic.pause(100 + ThreadLocalRandom.current().nextInt(201));
    }
}
