package io.memorymanager.bridge;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * HTTP basic authentication against a {@link PasswordFile}. A client address with {@link #MAX_FAILURES} failed
 * attempts within a minute is answered 429 without checking, so guessing is slow and cannot keep the workers busy
 * hashing.
 */
final class PasswordAuthenticator extends BasicAuthenticator {

    static final int MAX_FAILURES = 10;

    private final PasswordFile passwords;
    private final LongSupplier clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    PasswordAuthenticator(PasswordFile passwords, LongSupplier clock) {
        super("Memory Manager");
        this.passwords = passwords;
        this.clock = clock;
    }

    @Override
    public Result authenticate(HttpExchange exchange) {
        String client = exchange.getRemoteAddress().getAddress().getHostAddress();
        Deque<Long> recent = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
        long now = clock.getAsLong();
        synchronized (recent) {
            while (!recent.isEmpty() && recent.peekFirst() <= now - 60_000) {
                recent.removeFirst();
            }
            if (recent.size() >= MAX_FAILURES) {
                return new Failure(429);
            }
        }
        Result result = super.authenticate(exchange);
        if (result instanceof Failure && exchange.getRequestHeaders().containsKey("Authorization")) {
            synchronized (recent) {
                recent.addLast(now);
            }
        }
        return result;
    }

    @Override
    public boolean checkCredentials(String user, String password) {
        return passwords.check(user, password);
    }
}
