package io.memorymanager.bridge;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jolokia.json.JSONStructure;
import org.jolokia.json.parser.JSONParser;
import org.jolokia.json.parser.ParseException;

/**
 * Takes out of Jolokia's error answers what tells an attacker about our insides: {@code error_type} (a Java class
 * name), {@code stacktrace}, {@code error_value}, and fully qualified exception class names in {@code error}
 * ("java.lang.IllegalArgumentException : percent must be..." becomes "percent must be..."). Answers without an
 * error pass untouched.
 */
final class ErrorScrubber extends Filter {

    private static final Pattern CLASS_NAME =
            Pattern.compile("(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b\\s*:?\\s*");

    @Override
    public String description() {
        return "Removes class names and stack traces from error answers";
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        Buffered buffered = new Buffered(exchange);
        chain.doFilter(buffered);
        buffered.flushScrubbed();
    }

    static byte[] scrub(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.contains("\"error")) {
            return body;
        }
        Object json;
        try {
            json = new JSONParser().parse(text);
        } catch (ParseException | IOException | RuntimeException e) {
            return body;
        }
        if (json instanceof List<?> bulk) {
            bulk.forEach(ErrorScrubber::scrubOne);
        } else {
            scrubOne(json);
        }
        return ((JSONStructure) json).toJSONString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean looksLikeJson(byte[] bytes) {
        String t = new String(bytes, StandardCharsets.UTF_8).strip();
        return t.startsWith("{") || t.startsWith("[");
    }

    @SuppressWarnings("unchecked")
    private static void scrubOne(Object response) {
        if (response instanceof Map<?, ?> map) {
            Map<String, Object> r = (Map<String, Object>) map;
            r.remove("error_type");
            r.remove("stacktrace");
            r.remove("error_value");
            if (r.get("error") instanceof String error) {
                r.put("error", CLASS_NAME.matcher(error).replaceAll("").trim());
            }
        }
    }

    /** The exchange as Jolokia sees it: the answer is held until complete, then scrubbed and sent. */
    private static final class Buffered extends HttpExchange {
        private final HttpExchange real;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status = -1;
        private boolean sent;

        Buffered(HttpExchange real) {
            this.real = real;
        }

        void flushScrubbed() throws IOException {
            if (sent || status < 0) {
                return;
            }
            sent = true;
            byte[] bytes = scrub(body.toByteArray());
            if (status >= 400 && !looksLikeJson(bytes)) {
                // Jolokia answers some malformed requests (a wrong argument count) with plain text: answer JSON
                // like every other error, without whatever the text says about our insides.
                String text = CLASS_NAME.matcher(new String(bytes, StandardCharsets.UTF_8)).replaceAll("").trim();
                org.jolokia.json.JSONObject error = new org.jolokia.json.JSONObject();
                error.put("status", status);
                error.put("error", text.isEmpty() ? "bad request" : text.length() > 200 ? text.substring(0, 200) : text);
                bytes = error.toJSONString().getBytes(StandardCharsets.UTF_8);
                real.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            }
            real.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = real.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void sendResponseHeaders(int rCode, long responseLength) {
            status = rCode;
        }

        @Override
        public OutputStream getResponseBody() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    body.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flushScrubbed();
                }
            };
        }

        @Override
        public Headers getRequestHeaders() {
            return real.getRequestHeaders();
        }

        @Override
        public Headers getResponseHeaders() {
            return real.getResponseHeaders();
        }

        @Override
        public URI getRequestURI() {
            return real.getRequestURI();
        }

        @Override
        public String getRequestMethod() {
            return real.getRequestMethod();
        }

        @Override
        public HttpContext getHttpContext() {
            return real.getHttpContext();
        }

        @Override
        public void close() {
            try {
                flushScrubbed();
            } catch (IOException e) {
                // the client is gone
            }
            real.close();
        }

        @Override
        public InputStream getRequestBody() {
            return real.getRequestBody();
        }

        @Override
        public int getResponseCode() {
            return status;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return real.getRemoteAddress();
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return real.getLocalAddress();
        }

        @Override
        public String getProtocol() {
            return real.getProtocol();
        }

        @Override
        public Object getAttribute(String name) {
            return real.getAttribute(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            real.setAttribute(name, value);
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
            real.setStreams(i, o);
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return real.getPrincipal();
        }
    }
}
