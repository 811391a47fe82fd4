package com.acme.shop;

import com.acme.server.Rate;
import com.acme.server.Traffic;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code static-map} leak: every request logs a customer in and the session is logged out five seconds later
 * (about a thousand live sessions), except when checkout times out: then nobody logs the session out, and
 * {@link SessionRegistry} keeps it for ever, {@code -DleakMbPerMin} (default 1) MB of sessions a minute.
 */
public final class ShopService {

    /** What one abandoned session keeps: the session and its 1 KB payload, its map entry and its id string. */
    static final int BYTES_PER_SESSION = 1160;

    private static final long SESSION_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Deque<Login> ACTIVE = new ArrayDeque<>();
    private static final AtomicLong ABANDONED = new AtomicLong();

    private record Login(String id, long atNanos) {
    }

    private ShopService() {
    }

    public static void run() {
        Rate checkoutTimeouts = new Rate(Rate.property("leakMbPerMin", 1) * (1 << 20) / 60 / BYTES_PER_SESSION);
        Traffic.serve(4, 200, request -> {
            String id = "sess-" + request;
            SessionRegistry.register(id, new CustomerSession(request));
            logoutIdle(id);
            for (int i = checkoutTimeouts.due(); i > 0; i--) {
                long n = ABANDONED.incrementAndGet();
                SessionRegistry.register("cart-" + n, new CustomerSession(-n));
            }
        });
    }

    private static void logoutIdle(String justLoggedIn) {
        long now = System.nanoTime();
        synchronized (ACTIVE) {
            ACTIVE.addLast(new Login(justLoggedIn, now));
            while (!ACTIVE.isEmpty() && now - ACTIVE.peekFirst().atNanos() > SESSION_NANOS) {
                SessionRegistry.logout(ACTIVE.removeFirst().id());
            }
        }
    }
}
