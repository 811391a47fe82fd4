package io.memorymanager.bridge;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jolokia.json.JSONStructure;
import org.jolokia.json.parser.JSONParser;
import org.jolokia.json.parser.ParseException;

/**
 * Passes the numbers of POSTed {@code exec} arguments and {@code write} values on as their decimal text.
 * Jolokia 2.6 cannot convert a JSON integer to a {@code double} parameter ({@code "arguments":["system",90,95]}
 * fails with "Cannot convert a java.lang.Long value to java.lang.Double") but converts text to every numeric
 * type, as it does for GET requests, whose arguments are always text. A body that is not JSON is passed on
 * untouched for Jolokia to refuse.
 */
final class NumbersAsTextFilter extends Filter {

    @Override
    public String description() {
        return "Passes numbers of POSTed exec arguments and write values on as text";
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if ("POST".equalsIgnoreCase(exchange.getRequestMethod())) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            exchange.setStreams(new ByteArrayInputStream(rewrite(body)), null);
        }
        chain.doFilter(exchange);
    }

    static byte[] rewrite(byte[] body) {
        Object json;
        try {
            json = new JSONParser().parse(new String(body, StandardCharsets.UTF_8));
        } catch (ParseException | IOException | RuntimeException e) {
            return body;
        }
        boolean changed = false;
        if (json instanceof List<?> bulk) {
            for (Object request : bulk) {
                changed |= rewriteRequest(request);
            }
        } else {
            changed = rewriteRequest(json);
        }
        return changed ? ((JSONStructure) json).toJSONString().getBytes(StandardCharsets.UTF_8) : body;
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
