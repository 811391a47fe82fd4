package io.memorymanager.bridge;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.jolokia.json.JSONObject;

/** Error answers in Jolokia's shape ({@code status}, {@code error}), with nothing about our insides. */
final class JsonErrors {

    private JsonErrors() {
    }

    static void send(HttpExchange exchange, int status, String message) throws IOException {
        JSONObject body = new JSONObject();
        body.put("status", status);
        body.put("error", message);
        byte[] bytes = body.toJSONString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
