package io.memorymanager.bridge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jolokia.json.JSONObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the Jolokia endpoint, on Jetty's non-blocking core: a request holds no thread while its
 * headers or body are still arriving, so slow or half-sent requests cannot take the workers from other clients.
 * In order, a request must: name this agent in {@code Host} ({@link HostNames}); be GET, POST or a CORS
 * preflight; come from no browser origin or an allowed one; bring valid credentials when an {@code authFile} is
 * set, or none, or the access token; have a body of at most {@link #MAX_BODY_BYTES}. Then a worker gives it to
 * {@link GuardedJolokia}. Every answer is JSON with {@code nosniff} and {@code no-store}; nothing is ever wrapped
 * for JSONP. Nothing that goes wrong here reaches Jetty or kills a thread: it is answered 500.
 */
final class JolokiaHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaHandler.class);
    static final int MAX_BODY_BYTES = 256 * 1024;
    private static final int MAX_LOGGED_ORIGINS = 32;
    private static final java.util.regex.Pattern LOOPBACK_ORIGIN = java.util.regex.Pattern.compile(
            "https?://(localhost|127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|\\[::1\\])(:\\d{1,5})?");

    private final GuardedJolokia jolokia;
    private final Set<String> origins;
    private final HostNames hosts;
    private final AccessToken token;
    private final Logins logins;
    private final ExecutorService workers;
    private final Scheduler scheduler;
    private final Set<String> loggedOrigins = ConcurrentHashMap.newKeySet();
    /** Whether pages of this machine's own origins (any loopback address or port) may call: bound to loopback. */
    private final boolean loopbackOrigins;

    /**
     * @param loopbackOrigins whether browser pages from a loopback origin ({@code http://127.0.0.1:8080},
     *     {@code http://localhost:3000}) may call; true when the endpoint listens on loopback only, where those
     *     pages come from this machine, which can call it anyway (a page of any other site cannot have such an
     *     origin)
     */
    JolokiaHandler(GuardedJolokia jolokia, Set<String> origins, boolean loopbackOrigins, HostNames hosts,
            AccessToken token, Logins logins, ExecutorService workers, Scheduler scheduler) {
        this.jolokia = jolokia;
        this.origins = Set.copyOf(origins);
        this.loopbackOrigins = loopbackOrigins;
        this.hosts = hosts;
        this.token = token;
        this.logins = logins;
        this.workers = workers;
        this.scheduler = scheduler;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            route(request, response, callback);
        } catch (Throwable t) {
            failed(request, response, callback, t);
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback) {
        HttpFields headers = request.getHeaders();
        if (!hosts.allows(headers.get(HttpHeader.HOST))) {
            send(request, response, callback, 403, "requests for host '" + clip(headers.get(HttpHeader.HOST))
                    + "' are not served here; start the agent with allowHost=<name> to serve a name of this machine");
            return;
        }
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String origin = headers.get(HttpHeader.ORIGIN);
        if (origin != null && !originAllowed(origin.toLowerCase(Locale.ROOT))) {
            refusedOrigin(origin);
            send(request, response, callback, 403, "requests from origin " + clip(origin) + " are not allowed");
            return;
        }
        if (method.equals("OPTIONS")) {
            preflight(request, response, callback, origin);
            return;
        }
        if (!method.equals("GET") && !method.equals("POST")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, POST, OPTIONS");
            send(request, response, callback, 405, "method " + clip(method)
                    + " is not allowed; use GET to read, POST to exec or write");
            return;
        }
        authenticate(request, response, callback, caller -> body(request, response, callback, caller));
    }

    /** Establishes the caller, then continues; answers 401/429 itself. */
    private void authenticate(Request request, Response response, Callback callback,
            java.util.function.Consumer<Caller> next) {
        InetAddress address = address(request.getConnectionMetaData().getRemoteSocketAddress());
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization == null) {
            if (logins != null) {
                unauthorized(request, response, callback, "authentication required");
            } else {
                next.accept(new Caller(address, null));
            }
            return;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (token != null && token.matches(authorization.substring(7))) {
                next.accept(new Caller(address, AccessToken.USER));
            } else {
                unauthorized(request, response, callback, "authentication failed");
            }
            return;
        }
        String[] basic = Logins.basic(authorization);
        if (basic == null) {
            unauthorized(request, response, callback, "authentication failed");
            return;
        }
        if (basic[0].equals(AccessToken.USER) && token != null) {
            if (token.matches(basic[1])) {
                next.accept(new Caller(address, AccessToken.USER));
            } else {
                unauthorized(request, response, callback, "authentication failed");
            }
            return;
        }
        if (logins == null) {
            unauthorized(request, response, callback, "authentication failed");
            return;
        }
        if (logins.remembered(authorization)) {
            next.accept(new Caller(address, basic[0]));
            return;
        }
        long delay = logins.reserve();
        if (delay < 0) {
            send(request, response, callback, 429, "too many failed logins; try again in a few seconds");
            return;
        }
        Runnable check = () -> {
            boolean queued = work(request, response, callback, () -> {
                if (logins.check(basic[0], basic[1], authorization)) {
                    next.accept(new Caller(address, basic[0]));
                } else {
                    unauthorized(request, response, callback, "authentication failed");
                }
            });
            if (!queued) {
                logins.abandon();
            }
        };
        if (delay == 0) {
            check.run();
        } else {
            scheduler.schedule(check, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Reads a POST's body without holding a thread, then hands the request to a worker. */
    private void body(Request request, Response response, Callback callback, Caller caller) {
        if (request.getMethod().equalsIgnoreCase("GET")) {
            work(request, response, callback, () -> answer(request, response, callback, caller, null));
            return;
        }
        long length = request.getLength();
        if (length > MAX_BODY_BYTES) {
            // The body is not read: the connection cannot be used again, and the client must know it.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            send(request, response, callback, 413, "request body over " + MAX_BODY_BYTES + " bytes");
            return;
        }
        // Non-blocking: what runs on completion only hands the request to a worker.
        Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES, Promise.Invocable.from(
                Invocable.InvocationType.NON_BLOCKING,
                bytes -> work(request, response, callback, () -> answer(request, response, callback, caller,
                        new String(bytes, StandardCharsets.UTF_8))),
                failure -> {
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    send(request, response, callback, 413, "request body over " + MAX_BODY_BYTES + " bytes, or broken off");
                }));
    }

    private void answer(Request request, Response response, Callback callback, Caller caller, String body) {
        GuardedJolokia.Answer answer;
        try {
            Map<String, String[]> parameters = parameters(request);
            answer = body == null
                    ? jolokia.get(request.getHttpURI().getPathQuery(), Request.getPathInContext(request), parameters, caller)
                    : jolokia.post(body, parameters, caller);
        } catch (GuardedJolokia.Refused e) {
            send(request, response, callback, e.status, e.getMessage());
            return;
        }
        write(request, response, callback, answer.status(), answer.json());
    }

    /** Runs {@code task} on a worker; 503 (and false) when all are busy and the queue is full. */
    private boolean work(Request request, Response response, Callback callback, Runnable task) {
        try {
            workers.execute(() -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    failed(request, response, callback, t);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            send(request, response, callback, 503, "busy; try again in a moment");
            return false;
        }
    }

    private static Map<String, String[]> parameters(Request request) {
        Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        Map<String, String[]> map = new HashMap<>();
        for (Fields.Field field : fields) {
            map.put(field.getName(), field.getValues().toArray(new String[0]));
        }
        return map;
    }

    private void preflight(Request request, Response response, Callback callback, String origin) {
        if (origin == null) {
            send(request, response, callback, 400, "a preflight request needs an Origin");
            return;
        }
        HttpFields.Mutable h = response.getHeaders();
        h.put("Access-Control-Allow-Methods", "GET, POST");
        h.put("Access-Control-Allow-Headers", "Authorization, Content-Type");
        h.put("Access-Control-Max-Age", "3600");
        response.setStatus(204);
        cors(request, response);
        response.write(true, null, callback);
    }

    private void unauthorized(Request request, Response response, Callback callback, String message) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"Memory Manager\"");
        send(request, response, callback, 401, message);
    }

    private void send(Request request, Response response, Callback callback, int status, String message) {
        JSONObject error = new JSONObject();
        error.put("status", status);
        error.put("error", message);
        write(request, response, callback, status, error.toJSONString());
    }

    private void write(Request request, Response response, Callback callback, int status, String json) {
        if (response.isCommitted()) {
            callback.failed(new IllegalStateException("answer already sent"));
            return;
        }
        response.setStatus(status);
        HttpFields.Mutable h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        h.put("X-Content-Type-Options", "nosniff");
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        cors(request, response);
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
    }

    private void cors(Request request, Response response) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && origins.contains(origin.toLowerCase(Locale.ROOT))) {
            HttpFields.Mutable h = response.getHeaders();
            h.put("Access-Control-Allow-Origin", origin);
            h.put("Access-Control-Allow-Credentials", "true");
            h.add(new HttpField(HttpHeader.VARY, "Origin"));
        }
    }

    private void failed(Request request, Response response, Callback callback, Throwable t) {
        LOG.debug("Jolokia request failed", t);
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            LOG.warn("Jolokia request failed: {}", t.toString());
        }
        try {
            send(request, response, callback, 500, "internal error");
        } catch (Throwable again) {
            callback.failed(t);
        }
    }

    private boolean originAllowed(String origin) {
        return origins.contains(origin) || loopbackOrigins && LOOPBACK_ORIGIN.matcher(origin).matches();
    }

    private void refusedOrigin(String origin) {
        String o = clip(origin);
        if (loggedOrigins.size() < MAX_LOGGED_ORIGINS && loggedOrigins.add(o)) {
            LOG.info("Refused a browser request from origin {}; start the agent with allowOrigin={} to allow it", o, o);
        }
    }

    private static InetAddress address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : InetAddress.getLoopbackAddress();
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), 100));
        for (int i = 0; i < s.length() && i < 100; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        return s.length() > 100 ? b + "..." : b.toString();
    }
}
