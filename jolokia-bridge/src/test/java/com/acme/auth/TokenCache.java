package com.acme.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Validated access tokens and their claims, each forgotten a fixed time after it was issued. */
public final class TokenCache {

    private record Entry(byte[] claims, long expiresAtNanos) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    public TokenCache(long ttlNanos) {
        if (ttlNanos <= 0) {
            throw new IllegalArgumentException("ttlNanos must be > 0, was " + ttlNanos);
        }
        this.ttlNanos = ttlNanos;
    }

    public void put(String token, byte[] claims) {
        entries.put(token, new Entry(claims, System.nanoTime() + ttlNanos));
    }

    /** The claims, or null when unknown or expired. */
    public byte[] get(String token) {
        Entry e = entries.get(token);
        return e == null || e.expiresAtNanos() - System.nanoTime() < 0 ? null : e.claims();
    }

    /** Removes expired tokens; returns how many. */
    public int sweep() {
        long now = System.nanoTime();
        int before = entries.size();
        entries.values().removeIf(e -> e.expiresAtNanos() - now < 0);
        return before - entries.size();
    }

    public int size() {
        return entries.size();
    }
}
