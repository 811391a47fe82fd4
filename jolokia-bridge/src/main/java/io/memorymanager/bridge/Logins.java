package io.memorymanager.bridge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Password checks against the {@link PasswordFile}, throttled by delay rather than refused: the first
 * {@link #FREE_ATTEMPTS} failed or pending attempts of a minute run at once; past that every check waits for its
 * own slot, {@link #SPACING_MILLIS} after the one before, whoever sends it and from whatever address. Guessing is
 * held to a few a second for everybody together, while an operator who knows the password still gets in, only
 * later; a slot more than {@link #MAX_DELAY_MILLIS} away is answered 429 (busy) instead of queued. Attempts in
 * flight count as failures until they are judged, so parallel guesses cannot all pass before the first failure is
 * counted. A header that passed is remembered (as its SHA-256) for a minute, so a logged-in client is not
 * re-hashed on every request.
 */
final class Logins {

    static final int FREE_ATTEMPTS = 10;
    static final long SPACING_MILLIS = 250;
    static final long MAX_DELAY_MILLIS = 10_000;
    private static final long MINUTE = 60_000;
    private static final int MAX_REMEMBERED = 64;

    private final PasswordFile passwords;
    private final LongSupplier clock;
    private final Deque<Long> failures = new ArrayDeque<>();
    private final Map<String, Long> passed = new LinkedHashMap<>(16, 0.75f, true);
    private int pending;
    private long nextSlot;

    Logins(PasswordFile passwords, LongSupplier clock) {
        this.passwords = passwords;
        this.clock = clock;
    }

    /** Whether this exact Authorization header passed within the last minute (no hashing, no slot). */
    synchronized boolean remembered(String header) {
        Long until = passed.get(digest(header));
        return until != null && until > clock.getAsLong();
    }

    /**
     * Reserves a check: the milliseconds to wait before running it, or -1 when the wait would be too long. Every
     * reservation must be followed by exactly one {@link #check}.
     */
    synchronized long reserve() {
        long now = clock.getAsLong();
        while (!failures.isEmpty() && failures.peekFirst() <= now - MINUTE) {
            failures.removeFirst();
        }
        if (failures.size() + pending < FREE_ATTEMPTS) {
            pending++;
            return 0;
        }
        long slot = Math.max(now + SPACING_MILLIS, nextSlot);
        if (slot - now > MAX_DELAY_MILLIS) {
            return -1;
        }
        nextSlot = slot + SPACING_MILLIS;
        pending++;
        return slot - now;
    }

    /** Gives back a reservation whose check will not run (the request was refused as busy). */
    synchronized void abandon() {
        pending--;
    }

    /** Checks the {@code Authorization: Basic} header reserved for; counts a failure. */
    boolean check(String user, String password, String header) {
        boolean ok = passwords.check(user, password);
        synchronized (this) {
            pending--;
            long now = clock.getAsLong();
            if (ok) {
                passed.put(digest(header), now + MINUTE);
                if (passed.size() > MAX_REMEMBERED) {
                    passed.remove(passed.keySet().iterator().next());
                }
            } else {
                failures.addLast(now);
            }
        }
        return ok;
    }

    /** The user and password of a basic {@code Authorization} header, or null when it is not one. */
    static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static String digest(String header) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(header.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
