package io.memorymanager.bridge;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The budget for operations that cost the host real work (collections, compaction, heap dumps, histograms,
 * recordings): at most {@link #PER_CLIENT_PER_MINUTE} a minute from one client and {@link #ALL_PER_MINUTE} a
 * minute from everybody together, whatever protocol (Jolokia HTTP or remote JMX) they come by. A client is its
 * address, with every loopback address one client (127.0.0.2 is the same machine as 127.0.0.1) and an IPv6
 * address its /64 network, so that rotating source addresses buys nothing; and the budget of all clients caps
 * what many addresses together can do.
 */
final class HeavyOperations {

    static final int PER_CLIENT_PER_MINUTE = 10;
    static final int ALL_PER_MINUTE = 30;
    private static final long MINUTE = 60_000;
    private static final int MAX_CLIENTS = 1024;
    static final Set<String> HEAVY = Set.of("forceGc", "gc", "compact", "optimize", "dumpHeap", "classHistogram",
            "classHistogramDiff", "recordFor", "trimNativeHeap", "startAllocationProfiling",
            "startDirectBufferTracing");

    private final LongSupplier clock;
    private final Deque<Long> all = new ArrayDeque<>();
    private final Map<String, Deque<Long>> byClient = new LinkedHashMap<>(16, 0.75f, true);

    HeavyOperations(LongSupplier clock) {
        this.clock = clock;
    }

    /** Whether the operation named (as a client sends it: {@code op}, {@code op()}, {@code op(int)}) is heavy. */
    static boolean isHeavy(String operation) {
        if (operation == null) {
            return false;
        }
        int paren = operation.indexOf('(');
        return HEAVY.contains((paren < 0 ? operation : operation.substring(0, paren)).trim());
    }

    /**
     * Takes one heavy operation from the budgets of {@code client}, or refuses it.
     *
     * @return null when admitted, else the refusal in words
     */
    synchronized String admit(InetAddress client) {
        long now = clock.getAsLong();
        expire(all, now);
        String key = clientKey(client);
        Deque<Long> mine = byClient.computeIfAbsent(key, k -> new ArrayDeque<>());
        expire(mine, now);
        if (mine.size() >= PER_CLIENT_PER_MINUTE) {
            return "more than " + PER_CLIENT_PER_MINUTE + " heavy operations (GC, compaction, dumps, histograms, "
                    + "recordings) a minute from this client; try again in " + secondsLeft(mine, now) + " s";
        }
        if (all.size() >= ALL_PER_MINUTE) {
            return "more than " + ALL_PER_MINUTE + " heavy operations (GC, compaction, dumps, histograms, "
                    + "recordings) a minute from all clients together; try again in " + secondsLeft(all, now) + " s";
        }
        mine.addLast(now);
        all.addLast(now);
        if (byClient.size() > MAX_CLIENTS) {
            // The least recently seen client goes: the global budget still holds for it.
            byClient.remove(byClient.keySet().iterator().next());
        }
        return null;
    }

    private static long secondsLeft(Deque<Long> calls, long now) {
        return Math.max(1, (calls.peekFirst() + MINUTE - now + 999) / 1000);
    }

    private static void expire(Deque<Long> calls, long now) {
        while (!calls.isEmpty() && calls.peekFirst() <= now - MINUTE) {
            calls.removeFirst();
        }
    }

    /** One key per client: all loopback addresses are one, an IPv6 address counts as its /64 network. */
    static String clientKey(InetAddress address) {
        if (address == null || address.isLoopbackAddress()) {
            return "loopback";
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            StringBuilder prefix = new StringBuilder("v6:");
            for (int i = 0; i < 8; i++) {
                prefix.append(String.format("%02x", bytes[i]));
            }
            return prefix.toString();
        }
        return address.getHostAddress();
    }
}
