package io.memorymanager.samples;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's leak, shaped as real ones are: sessions registered at login in a static map and never removed when
 * they end. With the leak switch on, the leak detector names {@link UserSession} as the suspect and this map's
 * field as what holds it.
 */
final class SessionRegistry {

    static final Map<String, UserSession> SESSIONS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong();

    private SessionRegistry() {
    }

    /** A login: the session is registered, and (the bug) nothing ever removes it. */
    static UserSession login(int cartBytes) {
        long n = NEXT.incrementAndGet();
        UserSession session = new UserSession("user-" + n, System.currentTimeMillis(), new byte[cartBytes]);
        SESSIONS.put(session.id(), session);
        return session;
    }

    /** What the fix does: sessions removed; returns the bytes their carts held. */
    static long clear() {
        long bytes = SESSIONS.values().stream().mapToLong(s -> s.cart().length).sum();
        SESSIONS.clear();
        return bytes;
    }

    static long bytes() {
        return (long) SESSIONS.size() * Workload.CHUNK;
    }

    /** One logged-in user's session: an id, when it started, and the serialized cart it carries. */
    record UserSession(String id, long createdMillis, byte[] cart) {
    }
}
