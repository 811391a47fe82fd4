package io.memorymanager.bridge;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.ObjectName;
import org.jolokia.json.JSONStructure;
import org.jolokia.json.parser.JSONParser;
import org.jolokia.json.parser.ParseException;

/**
 * The first filter of every Jolokia request: it refuses, with a JSON error and before Jolokia sees it, what no
 * legitimate client of Memory Manager sends.
 * <ul>
 *   <li>methods other than GET and POST; {@code exec} and {@code write} by GET (a link or an image tag must not
 *       act), in the path and in the {@code p} parameter;</li>
 *   <li>a browser {@code Origin} other than this endpoint's own (curl and Java clients send none);</li>
 *   <li>{@code callback} (JSONP) and any {@code mimeType} but JSON or plain text;</li>
 *   <li>bodies over {@link #MAX_BODY_BYTES}, JSON nested deeper than {@link #MAX_JSON_DEPTH}, bulk requests of
 *       more than {@link #MAX_BULK} requests, and any request with a {@code target} (the JSR-160 proxy, a known
 *       JNDI-injection path, is disabled: a target would otherwise be answered locally, misleadingly);</li>
 *   <li>text other than true/false for a boolean attribute or parameter (Jolokia reads any other text as false);</li>
 *   <li>per client address, more than {@link #HEAVY_PER_MINUTE} heavy operations a minute (collections,
 *       compaction, heap dumps, histograms, recordings).</li>
 * </ul>
 * A POSTed body it lets through goes on to Jolokia with the numbers of exec arguments and write values as text
 * ({@link NumbersAsText}): parsed once, here.
 */
final class RequestGuard extends Filter {

    static final int MAX_BODY_BYTES = 256 * 1024;
    static final int MAX_JSON_DEPTH = 16;
    static final int MAX_BULK = 256;
    static final int HEAVY_PER_MINUTE = 10;
    private static final Set<String> HEAVY = Set.of("forceGc", "compact", "optimize", "dumpHeap", "classHistogram",
            "classHistogramDiff", "recordFor", "trimNativeHeap");

    private final Set<String> allowedOrigins;
    private final LongSupplier clock;
    private final Map<String, Deque<Long>> heavyCalls = new ConcurrentHashMap<>();

    /** @param allowedOrigins origins (scheme://host:port, lower case) a browser may call from */
    RequestGuard(Set<String> allowedOrigins, LongSupplier clock) {
        this.allowedOrigins = allowedOrigins;
        this.clock = clock;
    }

    @Override
    public String description() {
        return "Refuses what no legitimate Memory Manager client sends";
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String refusal = refuse(exchange);
        if (refusal != null) {
            int status = Integer.parseInt(refusal.substring(0, 3));
            JsonErrors.send(exchange, status, refusal.substring(4));
            return;
        }
        chain.doFilter(exchange);
    }

    /** Null to let the request through, else "<status> <message>". */
    private String refuse(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("POST")) {
            return "405 method " + method + " is not allowed; use GET to read, POST to exec or write";
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && !allowedOrigins.contains(origin.toLowerCase(Locale.ROOT))) {
            return "403 requests from origin " + clip(origin) + " are not allowed";
        }
        URI uri = exchange.getRequestURI();
        Map<String, String> query = query(uri.getRawQuery());
        if (query.containsKey("callback")) {
            return "400 JSONP (callback) is not supported";
        }
        String mime = query.get("mimeType");
        if (mime != null && !mime.equals("application/json") && !mime.equals("text/plain")) {
            return "400 mimeType must be application/json or text/plain";
        }
        if (method.equals("GET")) {
            String path = query.containsKey("p") ? query.get("p") : uri.getPath().replaceFirst("^/jolokia", "");
            String type = path.replaceFirst("^/+", "").split("/", 2)[0].toLowerCase(Locale.ROOT);
            if (type.equals("exec") || type.equals("write")) {
                return "405 " + type + " needs POST";
            }
            if (query.containsKey("target") || query.containsKey("target.url")) {
                return "403 the JSR-160 proxy (target) is disabled";
            }
            return null;
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && parseLong(length) > MAX_BODY_BYTES) {
            return "413 request body over " + MAX_BODY_BYTES + " bytes";
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return "413 request body over " + MAX_BODY_BYTES + " bytes";
        }
        String json = new String(body, StandardCharsets.UTF_8);
        if (depth(json) > MAX_JSON_DEPTH) {
            return "400 JSON nested deeper than " + MAX_JSON_DEPTH;
        }
        Object parsed;
        try {
            parsed = new JSONParser().parse(json);
        } catch (ParseException | IOException | RuntimeException e) {
            return "400 the request body is not valid JSON";
        }
        List<?> requests = parsed instanceof List<?> bulk ? bulk : List.of(parsed == null ? "" : parsed);
        if (requests.size() > MAX_BULK) {
            return "400 bulk request of " + requests.size() + " requests; at most " + MAX_BULK;
        }
        for (Object r : requests) {
            if (!(r instanceof Map<?, ?> request)) {
                return "400 each request must be a JSON object";
            }
            if (request.containsKey("target")) {
                return "403 the JSR-160 proxy (target) is disabled";
            }
            String loose = looseBoolean(request);
            if (loose != null) {
                return "400 " + loose;
            }
            if ("exec".equals(request.get("type")) && isHeavy(request.get("operation"))
                    && !admitHeavy(exchange.getRemoteAddress().getAddress().getHostAddress())) {
                return "429 more than " + HEAVY_PER_MINUTE + " heavy operations (GC, compaction, dumps, histograms, "
                        + "recordings) a minute from this client; try again later";
            }
        }
        byte[] forJolokia = NumbersAsText.rewrite(parsed)
                ? ((JSONStructure) parsed).toJSONString().getBytes(StandardCharsets.UTF_8) : body;
        exchange.setStreams(new ByteArrayInputStream(forJolokia), null);
        return null;
    }

    /**
     * Jolokia turns any text that is not "true" into {@code false} for a boolean attribute or parameter, so
     * {@code "value":"maybe"} would switch a feature off. Refuses text other than true/false there.
     */
    static String looseBoolean(Map<?, ?> request) {
        Object type = request.get("type");
        if (!(request.get("mbean") instanceof String mbean) || !("write".equals(type) || "exec".equals(type))) {
            return null;
        }
        try {
            MBeanInfo info = ManagementFactory.getPlatformMBeanServer().getMBeanInfo(new ObjectName(mbean));
            if ("write".equals(type)) {
                for (MBeanAttributeInfo a : info.getAttributes()) {
                    if (a.getName().equals(request.get("attribute")) && isBoolean(a.getType())
                            && !isBooleanText(request.get("value"))) {
                        return "attribute " + a.getName() + " takes true or false";
                    }
                }
                return null;
            }
            if (!(request.get("operation") instanceof String op) || !(request.get("arguments") instanceof List<?> args)) {
                return null;
            }
            String name = op.contains("(") ? op.substring(0, op.indexOf('(')) : op;
            for (MBeanOperationInfo o : info.getOperations()) {
                MBeanParameterInfo[] params = o.getSignature();
                if (o.getName().equals(name) && params.length == args.size()) {
                    for (int i = 0; i < params.length; i++) {
                        if (isBoolean(params[i].getType()) && !isBooleanText(args.get(i))) {
                            return "argument " + (i + 1) + " of " + name + " takes true or false";
                        }
                    }
                }
            }
        } catch (JMException | RuntimeException e) {
            return null;   // an MBean we cannot look at: Jolokia and the policy decide
        }
        return null;
    }

    private static boolean isBoolean(String type) {
        return type.equals("boolean") || type.equals("java.lang.Boolean");
    }

    private static boolean isBooleanText(Object value) {
        return value instanceof Boolean
                || value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"));
    }

    private static boolean isHeavy(Object operation) {
        if (!(operation instanceof String op)) {
            return false;
        }
        int paren = op.indexOf('(');
        return HEAVY.contains(paren < 0 ? op : op.substring(0, paren));
    }

    private boolean admitHeavy(String client) {
        long now = clock.getAsLong();
        Deque<Long> calls = heavyCalls.computeIfAbsent(client, c -> new ArrayDeque<>());
        synchronized (calls) {
            while (!calls.isEmpty() && calls.peekFirst() <= now - 60_000) {
                calls.removeFirst();
            }
            if (calls.size() >= HEAVY_PER_MINUTE) {
                return false;
            }
            calls.addLast(now);
            return true;
        }
    }

    /** The deepest nesting of arrays and objects, outside strings. */
    static int depth(String json) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                max = Math.max(max, ++depth);
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return max;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new java.util.HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.putIfAbsent(key, value);
        }
        return q;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String clip(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 100 ? printable.substring(0, 100) + "..." : printable;
    }
}
