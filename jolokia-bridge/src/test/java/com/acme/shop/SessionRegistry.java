package com.acme.shop;

import java.util.HashMap;
import java.util.Map;

/** Every logged-in customer's session by id; logging out removes it. Nothing expires a session. */
public final class SessionRegistry {

    private static final Map<String, CustomerSession> SESSIONS = new HashMap<>();

    private SessionRegistry() {
    }

    public static synchronized void register(String id, CustomerSession session) {
        SESSIONS.put(id, session);
    }

    public static synchronized CustomerSession logout(String id) {
        return SESSIONS.remove(id);
    }

    public static synchronized int size() {
        return SESSIONS.size();
    }
}
