package io.memorymanager.bridge;

import java.util.List;
import java.util.Map;
import org.jolokia.server.core.util.RequestType;

/**
 * Passes the numbers of POSTed {@code exec} arguments and {@code write} values on as their decimal text.
 * Jolokia 2.6 cannot convert a JSON integer to a {@code double} parameter ({@code "arguments":["system",90,95]}
 * fails with "Cannot convert a java.lang.Long value to java.lang.Double") but converts text to every numeric
 * type, as it does for GET requests, whose arguments are always text. {@link GuardedJolokia} applies it to every POSTed
 * request before Jolokia's request factory reads it, with Jolokia's own reading of the type.
 */
final class NumbersAsText {

    private NumbersAsText() {
    }

    @SuppressWarnings("unchecked")
    /** Rewrites one POSTed request in place (a bulk's requests one by one); whether anything changed. */
    static boolean rewrite(Object request) {
        if (!(request instanceof Map<?, ?> map)) {
            return false;
        }
        Map<String, Object> r = (Map<String, Object>) map;
        boolean changed = false;
        RequestType type = type(r.get("type"));
        if (type == RequestType.EXEC && r.get("arguments") instanceof List<?> args) {
            List<Object> arguments = (List<Object>) args;
            for (int i = 0; i < arguments.size(); i++) {
                if (arguments.get(i) instanceof Number n) {
                    arguments.set(i, n.toString());
                    changed = true;
                }
            }
        }
        if (type == RequestType.WRITE && r.get("value") instanceof Number n) {
            r.put("value", n.toString());
            changed = true;
        }
        return changed;
    }

    /** The type as Jolokia reads it (case-insensitively), or null. */
    private static RequestType type(Object name) {
        try {
            return name instanceof String s ? RequestType.getTypeByName(s) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
