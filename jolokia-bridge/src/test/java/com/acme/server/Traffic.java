package com.acme.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's request threads, as a servlet container runs them: a few workers named
 * {@code http-nio-8080-exec-<n>} handle requests paced to a rate, each building a response (headers, a JSON body, a
 * byte buffer) that is garbage as soon as it is sent: about {@code -DgarbageMbPerSecond} (default 8) MB a second in
 * all. A handler adds what the application does per request.
 */
public final class Traffic {

    /** What the application does for one request, after the container has parsed it. */
    @FunctionalInterface
    public interface Handler {
        void handle(long request) throws Exception;
    }

    private static final long GARBAGE_BYTES_PER_SECOND = (long) (Double.parseDouble(
            System.getProperty("garbageMbPerSecond", "8")) * (1 << 20));
    private static final AtomicLong REQUESTS = new AtomicLong();

    /** The last response of each worker: keeps the allocation real (escape analysis cannot drop it). */
    private static final Object[] SENT = new Object[64];

    private Traffic() {
    }

    /** Serves {@code requestsPerSecond} on {@code threads} workers until interrupted; never returns otherwise. */
    public static void serve(int threads, int requestsPerSecond, Handler handler) {
        int bytesPerRequest = (int) Math.max(1024, GARBAGE_BYTES_PER_SECOND / requestsPerSecond);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int slot = i % SENT.length;
            double perSecond = (double) requestsPerSecond / threads;
            String name = "http-nio-8080-exec-" + (i + 1);
            Thread t = new Thread(() -> work(slot, perSecond, bytesPerRequest, handler), name);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        try {
            for (Thread t : workers) {
                t.join();
            }
        } catch (InterruptedException e) {
            workers.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
        }
    }

    /** {@code fraction} of the maximum heap, in bytes: the scenarios size their data by the heap they run on. */
    public static long heapBytes(double fraction) {
        return (long) (Runtime.getRuntime().maxMemory() * fraction);
    }

    /** Sleeps, or returns false when interrupted (the interrupt flag set again). */
    public static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts a daemon thread named {@code name}: the application's background jobs. */
    public static Thread background(String name, Runnable job) {
        Thread t = new Thread(job, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void work(int slot, double perSecond, int bytesPerRequest, Handler handler) {
        long start = System.nanoTime();
        long done = 0;
        boolean reported = false;
        while (!Thread.currentThread().isInterrupted()) {
            long due = (long) ((System.nanoTime() - start) * perSecond / 1e9);
            // After a stall (a GC, a starved CPU) catch up at most a second's worth, as a server's backlog would.
            done = Math.max(done, due - (long) Math.ceil(perSecond));
            for (; done < due; done++) {
                long id = REQUESTS.incrementAndGet();
                SENT[slot] = respond(id, bytesPerRequest);
                try {
                    handler.handle(id);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception | LinkageError e) {
                    if (!reported) {
                        reported = true;
                        System.err.println(Thread.currentThread().getName() + ": request failed: " + e);
                        e.printStackTrace();
                    }
                }
            }
            if (!pause(5)) {
                return;
            }
        }
    }

    private static Object respond(long id, int bytes) {
        Map<String, String> headers = new HashMap<>();
        headers.put("X-Request-Id", Long.toString(id));
        headers.put("Accept", "application/json");
        headers.put("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0");
        StringBuilder json = new StringBuilder(512).append("{\"request\":").append(id).append(",\"items\":[");
        for (int i = 0; i < 8; i++) {
            json.append(i == 0 ? "" : ",").append("{\"sku\":").append(id * 31 + i).append(",\"name\":\"item-").append(i)
                    .append("\"}");
        }
        byte[] body = new byte[bytes];
        body[(int) (id % bytes)] = (byte) json.append("]}").length();
        return new Object[] {headers, json.toString(), body};
    }
}
