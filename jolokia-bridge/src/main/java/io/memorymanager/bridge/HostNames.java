package io.memorymanager.bridge;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The names under which the agent may be addressed, checked against every request's {@code Host} header. A page
 * that rebinds its own DNS name to 127.0.0.1 reaches the loopback endpoint with its own name in {@code Host}; here
 * only IP literals, {@code localhost}, the machine's own host names, the name the agent was bound to and the names
 * configured with {@code allowHost} are served. An IP literal cannot come from a rebinding page: the browser sends
 * the name the page was loaded from.
 */
final class HostNames {

    private final Set<String> names;

    HostNames(String boundHost, Set<String> configured) {
        Set<String> n = new HashSet<>();
        n.add("localhost");
        n.add(normalize(boundHost));
        try {
            InetAddress local = InetAddress.getLocalHost();
            n.add(normalize(local.getHostName()));
            n.add(normalize(local.getCanonicalHostName()));
        } catch (UnknownHostException | SecurityException e) {
            // no name of our own: IP literals and localhost still work
        }
        for (String c : configured) {
            n.add(normalize(c));
        }
        this.names = Set.copyOf(n);
    }

    /** Whether a request with this {@code Host} header (null when none was sent) is served. */
    boolean allows(String hostHeader) {
        if (hostHeader == null) {
            return true;    // HTTP/1.0 clients send none; every browser sends one
        }
        String h = hostHeader.trim();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close > 1 && (close == h.length() - 1 || isPort(h.substring(close + 1)));
        }
        int colon = h.lastIndexOf(':');
        if (colon >= 0) {
            if (!isPort(h.substring(colon))) {
                return false;
            }
            h = h.substring(0, colon);
        }
        return isIpv4Literal(h) || names.contains(normalize(h));
    }

    private static boolean isPort(String colonAndPort) {
        if (colonAndPort.length() < 2 || colonAndPort.length() > 6 || colonAndPort.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < colonAndPort.length(); i++) {
            if (!Character.isDigit(colonAndPort.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv4Literal(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
