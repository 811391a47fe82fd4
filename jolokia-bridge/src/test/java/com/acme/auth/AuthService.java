package com.acme.auth;

import com.acme.server.Rate;
import com.acme.server.Traffic;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code ttl-cache} non-leak: logins issue tokens whose 4 KB claims a {@link TokenCache} keeps for three minutes;
 * the issue rate is set so the steady size is 15% of the heap (about 200 tokens a second, 150 MB, on 1 GB). A
 * sweeper removes expired tokens every five seconds; other requests look recent tokens up.
 */
public final class AuthService {

    static final long TTL_SECONDS = 180;
    static final int CLAIMS_BYTES = 4096;
    /** A token's cost in the cache: the claims, the entry record, the map node and the token string. */
    static final int ENTRY_BYTES = CLAIMS_BYTES + 160;

    private AuthService() {
    }

    public static void run() {
        TokenCache tokens = new TokenCache(TimeUnit.SECONDS.toNanos(TTL_SECONDS));
        Rate logins = new Rate((double) Traffic.heapBytes(0.15) / ENTRY_BYTES / TTL_SECONDS);
        AtomicLong issued = new AtomicLong();
        Traffic.background("token-sweeper", () -> {
            while (Traffic.pause(5_000)) {
                tokens.sweep();
            }
        });
        Traffic.serve(4, 200, request -> {
            for (int i = logins.due(); i > 0; i--) {
                byte[] claims = new byte[CLAIMS_BYTES];
                claims[0] = (byte) request;
                tokens.put("tok-" + issued.incrementAndGet(), claims);
            }
            long recent = issued.get() - ThreadLocalRandom.current().nextLong(1 + Math.min(issued.get(), 10_000));
            tokens.get("tok-" + recent);
        });
    }
}
