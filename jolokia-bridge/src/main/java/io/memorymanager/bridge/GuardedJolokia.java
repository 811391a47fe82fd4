package io.memorymanager.bridge;

import java.lang.management.ManagementFactory;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import javax.management.JMException;
import javax.management.ObjectName;
import org.jolokia.json.JSONArray;
import org.jolokia.json.JSONObject;
import org.jolokia.json.parser.JSONParser;
import org.jolokia.json.parser.ParseException;
import org.jolokia.server.core.http.HttpRequestHandler;
import org.jolokia.server.core.request.BadRequestException;
import org.jolokia.server.core.request.EmptyResponseException;
import org.jolokia.server.core.request.JolokiaRequest;
import org.jolokia.server.core.request.JolokiaRequestFactory;
import org.jolokia.server.core.request.JolokiaWriteRequest;
import org.jolokia.server.core.request.ProcessingParameters;
import org.jolokia.server.core.service.api.JolokiaContext;

/**
 * Jolokia's HTTP request handling with one parse and bounded answers. Each request is made by Jolokia's own
 * request factory, judged by the {@link RequestJudge} on exactly that object, and executed; the bulk loop is ours
 * so that one budget, {@code answerBudget} characters of JSON, holds for the whole answer: each answer is
 * serialised as soon as it is made (only its text is kept), and a bulk whose answers pass the budget is stopped
 * there and refused as a whole, before the host runs out of memory serialising it.
 */
final class GuardedJolokia extends HttpRequestHandler {

    static final int MAX_BULK = 256;
    static final int MAX_JSON_DEPTH = 16;
    private static final String REJECTED = RejectedExecutionException.class.getName();

    /** An answer that cannot be given: its HTTP status and message. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The JSON text to send and its HTTP status. */
    record Answer(int status, String json) {
    }

    private final RequestJudge judge;
    private final int answerBudget;

    GuardedJolokia(JolokiaContext context, RequestJudge judge, int answerBudget) {
        super(context);
        this.judge = judge;
        this.answerBudget = answerBudget;
    }

    /**
     * Answers a GET.
     *
     * @param rawUri the request URI as sent (for Jolokia's escaped-slash rule)
     * @param pathInfo the decoded path below the context ({@code /read/...}), may be empty
     * @param parameters the decoded query parameters
     */
    Answer get(String rawUri, String pathInfo, Map<String, String[]> parameters, Caller caller) throws Refused {
        if (parameters.keySet().stream().anyMatch(k -> k.equals("target") || k.startsWith("target."))) {
            throw new Refused(403, "the JSR-160 proxy (target) is disabled");
        }
        try {
            ProcessingParameters processing = getProcessingParameter(clamped(parameters));
            JolokiaRequest request = JolokiaRequestFactory.createGetRequest(pathInfo(rawUri, pathInfo), processing);
            return answer(request, caller);
        } catch (BadRequestException | RuntimeException e) {
            throw badRequest(e);
        }
    }

    /** Answers a POST of one request or a bulk. */
    Answer post(String body, Map<String, String[]> parameters, Caller caller) throws Refused {
        if (RequestDepth.of(body) > MAX_JSON_DEPTH) {
            throw new Refused(400, "JSON nested deeper than " + MAX_JSON_DEPTH);
        }
        Object json;
        try {
            json = new JSONParser().parse(body);
        } catch (ParseException | java.io.IOException | RuntimeException | StackOverflowError e) {
            throw new Refused(400, "the request body is not valid JSON");
        }
        try {
            ProcessingParameters processing = getProcessingParameter(clamped(parameters));
            if (json instanceof JSONObject one) {
                clampConfig(one);
                NumbersAsText.rewrite(one);
                return answer(JolokiaRequestFactory.createPostRequest(one, processing), caller);
            }
            if (!(json instanceof JSONArray bulk)) {
                throw new Refused(400, "the request body must be a JSON object or an array of them");
            }
            if (bulk.size() > MAX_BULK) {
                throw new Refused(400, "bulk request of " + bulk.size() + " requests; at most " + MAX_BULK);
            }
            for (Object item : bulk) {
                if (!(item instanceof JSONObject)) {
                    throw new Refused(400, "each request of a bulk must be a JSON object");
                }
                clampConfig((JSONObject) item);
                NumbersAsText.rewrite(item);
            }
            List<JolokiaRequest> requests = JolokiaRequestFactory.createPostRequests(bulk, processing);
            StringBuilder out = new StringBuilder("[");
            for (JolokiaRequest request : requests) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(answer(request, caller).json());
                if (out.length() > answerBudget) {
                    throw tooLarge();
                }
            }
            return new Answer(200, out.append(']').toString());
        } catch (BadRequestException | RuntimeException e) {
            throw badRequest(e);
        }
    }

    private static final Map<String, Integer> LIMITS = Map.of("maxDepth", JolokiaBridge.MAX_DEPTH,
            "maxCollectionSize", JolokiaBridge.MAX_COLLECTION_SIZE, "maxObjects", JolokiaBridge.MAX_OBJECTS);

    /**
     * Clients such as Hawtio ask for larger serialization limits than the agent's (maxCollectionSize=50000): they
     * get the agent's instead, before Jolokia reads the parameters; anything else is left for the judge.
     */
    private static Map<String, String[]> clamped(Map<String, String[]> parameters) {
        Map<String, String[]> copy = new java.util.HashMap<>(parameters);
        for (Map.Entry<String, Integer> limit : LIMITS.entrySet()) {
            String[] v = copy.get(limit.getKey());
            if (v != null && v.length > 0) {
                copy.put(limit.getKey(), new String[] {clamp(v[0], limit.getValue())});
            }
        }
        return copy;
    }

    private static void clampConfig(JSONObject request) {
        if (request.get("config") instanceof JSONObject config) {
            for (Map.Entry<String, Integer> limit : LIMITS.entrySet()) {
                if (config.get(limit.getKey()) != null) {
                    config.put(limit.getKey(), clamp(String.valueOf(config.get(limit.getKey())), limit.getValue()));
                }
            }
        }
    }

    private static String clamp(String value, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            return Integer.toString(n < 1 || n > max ? max : n);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /** One request: refused by the judge (its status) or executed by Jolokia (200, Jolokia's status inside). */
    private Answer answer(JolokiaRequest request, Caller caller) throws Refused {
        RequestJudge.Refusal refusal = judge.judge(request, caller);
        if (refusal != null) {
            JSONObject error = new JSONObject();
            error.put("status", refusal.status());
            error.put("error", refusal.message());
            return new Answer(refusal.status(), error.toJSONString());
        }
        JSONObject result;
        try {
            result = executeRequest(request);
        } catch (BadRequestException e) {
            throw badRequest(e);
        } catch (EmptyResponseException e) {
            throw new Refused(400, "streaming answers are not offered");
        }
        int status = tryLater(result) ? 429 : 200;
        if (request instanceof JolokiaWriteRequest write) {
            echo(write, result);
        }
        ErrorText.scrub(result);
        String text = result.toJSONString();
        if (text.length() > answerBudget) {
            throw tooLarge();
        }
        return new Answer(status, text);
    }

    /**
     * Jolokia answers a write with the attribute's previous value; for our own MBeans the answer also says, in
     * words, what it was and what it is now (read back, so a setter that rounds or clamps shows what it kept).
     */
    private static void echo(JolokiaWriteRequest write, JSONObject result) {
        ObjectName name = write.getObjectName();
        if (!(result.get("status") instanceof Number n) || n.intValue() != 200 || name == null || name.isPattern()
                || !"io.memorymanager".equals(name.getDomain()) || write.getPathParts() != null
                && !write.getPathParts().isEmpty()) {
            return;
        }
        try {
            Object now = ManagementFactory.getPlatformMBeanServer().getAttribute(name, write.getAttributeName());
            Object was = result.get("value");
            if (isSimple(now) && (was == null || isSimple(was))) {
                result.put("message", write.getAttributeName() + " was " + was + ", now " + now);
            }
        } catch (JMException | RuntimeException e) {
            // the write happened; the echo is a courtesy
        }
    }

    private static boolean isSimple(Object value) {
        return value instanceof Number || value instanceof String || value instanceof Boolean || value instanceof Enum;
    }

    /**
     * Our operations refuse for now (a cooldown, a rate limit, one heap dump at a time) with the JDK's
     * {@link RejectedExecutionException}, which every JMX client can read: as Jolokia reports it (its
     * {@code error_type}), that is a 429 with the operation's own message, not a server error.
     */
    private static boolean tryLater(JSONObject result) {
        if (REJECTED.equals(result.get("error_type")) && result.get("status") instanceof Number n
                && n.intValue() == 500) {
            result.put("status", 429);
            return true;
        }
        return false;
    }

    private Refused tooLarge() {
        return new Refused(413, "the answer would be larger than " + answerBudget / 1024 + " KB; ask for less "
                + "(fewer requests in a bulk, one MBean or attribute at a time, or a path into the value)");
    }

    private static Refused badRequest(Exception e) {
        String message = e.getMessage() == null ? "bad request" : ErrorText.withoutClassNames(e.getMessage());
        return new Refused(400, message.length() > 300 ? message.substring(0, 300) + "..." : message);
    }

    /**
     * Jolokia's rule for a path ending in an escaped slash ({@code read/domain:type=name!//attribute}): a servlet
     * container collapses the double slash in its decoded path, so the path is taken from the raw URI then.
     */
    private static String pathInfo(String rawUri, String pathInfo) {
        if (!rawUri.contains("!//")) {
            return pathInfo;
        }
        int context = rawUri.indexOf("/jolokia");
        String raw = context < 0 ? rawUri : rawUri.substring(context + "/jolokia".length());
        int query = raw.indexOf('?');
        return URLDecoder.decode(query < 0 ? raw : raw.substring(0, query), StandardCharsets.UTF_8);
    }

    /** The deepest nesting of arrays and objects in JSON text, outside strings: one pass. */
    static final class RequestDepth {
        private RequestDepth() {
        }

        static int of(String json) {
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
    }
}
