package io.memorymanager.bridge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jolokia.json.JSONArray;
import org.jolokia.json.JSONObject;
import org.jolokia.json.parser.JSONParser;
import org.jolokia.json.parser.ParseException;

/** A minimal Jolokia client for tests: plain JDK HTTP, responses parsed as JSON objects. */
public final class Http {

    /** One Jolokia answer: the HTTP status and the JSON body. */
    public record Answer(int httpStatus, Map<String, Object> json) {
        public Object value() {
            return json.get("value");
        }

        /** Jolokia's own status in the body (it answers 200 over HTTP with an error status inside). */
        public long status() {
            return ((Number) json.get("status")).longValue();
        }

        public String error() {
            return (String) json.get("error");
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    private final String authorization;

    public Http(String base) {
        this(base, null, null);
    }

    /** A client that sends HTTP basic credentials with every request ({@code user} null for none). */
    public Http(String base, String user, String password) {
        this.base = base.endsWith("/") ? base : base + "/";
        this.authorization = user == null ? null : "Basic " + java.util.Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Sends {@code request} (its URI relative to the endpoint) with this client's credentials. */
    public Answer send(String method, String path, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b.build());
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET().build());
    }

    /** POSTs {@code json}; for a bulk request (a JSON array) the answer holds the first response. */
    public Answer post(String json) throws IOException, InterruptedException {
        return post("", json);
    }

    /** POSTs {@code json} to the endpoint with {@code query} (e.g. {@code ?mimeType=text/plain}) appended. */
    public Answer post(String query, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + query)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        if (authorization != null && request.headers().firstValue("Authorization").isEmpty()) {
            request = HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", authorization).build();
        }
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        try {
            Object body = new JSONParser().parse(response.body());
            if (body instanceof JSONArray bulk) {
                if (bulk.isEmpty()) {
                    // an empty bulk answers an empty array: hand it over as the value
                    JSONObject empty = new JSONObject();
                    empty.put("value", bulk);
                    empty.put("status", response.statusCode());
                    return new Answer(response.statusCode(), empty);
                }
                body = bulk.get(0);
            }
            return new Answer(response.statusCode(), (JSONObject) body);
        } catch (ParseException e) {
            throw new IOException("not JSON (HTTP " + response.statusCode() + " for " + request.method() + " "
                    + request.uri() + "): " + response.body(), e);
        }
    }
}
