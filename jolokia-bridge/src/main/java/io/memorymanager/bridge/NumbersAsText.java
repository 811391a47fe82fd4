package io.memorymanager.bridge;

import java.util.List;
import java.util.Map;

/**
 * Passes the numbers of POSTed {@code exec} arguments and {@code write} values on as their decimal text.
 * Jolokia 2.6 cannot convert a JSON integer to a {@code double} parameter ({@code "arguments":["system",90,95]}
 * fails with "Cannot convert a java.lang.Long value to java.lang.Double") but converts text to every numeric
 * type, as it does for GET requests, whose arguments are always text. {@link RequestGuard}, which parses every
 * POSTed body anyway, applies it.
 */
final class NumbersAsText {

    private NumbersAsText() {
    }

    /** Rewrites {@code json} (one request or a bulk) in place; whether anything changed. */
    static boolean rewrite(Object json) {
        boolean changed = false;
        if (json instanceof List<?> bulk) {
            for (Object request : bulk) {
                changed |= rewriteRequest(request);
            }
        } else {
            changed = rewriteRequest(json);
        }
        return changed;
    }

    @SuppressWarnings("unchecked")
    private static boolean rewriteRequest(Object request) {
        if (!(request instanceof Map<?, ?> map)) {
            return false;
        }
        Map<String, Object> r = (Map<String, Object>) map;
        boolean changed = false;
        if ("exec".equals(r.get("type")) && r.get("arguments") instanceof List<?> args) {
            List<Object> arguments = (List<Object>) args;
            for (int i = 0; i < arguments.size(); i++) {
                if (arguments.get(i) instanceof Number n) {
                    arguments.set(i, n.toString());
                    changed = true;
                }
            }
        }
        if ("write".equals(r.get("type")) && r.get("value") instanceof Number n) {
            r.put("value", n.toString());
            changed = true;
        }
        return changed;
    }
}
