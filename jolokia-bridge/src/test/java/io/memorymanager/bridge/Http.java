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

    public Http(String base) {
        this.base = base.endsWith("/") ? base : base + "/";
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
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        try {
            Object body = new JSONParser().parse(response.body());
            if (body instanceof JSONArray bulk) {
                body = bulk.get(0);
            }
            return new Answer(response.statusCode(), (JSONObject) body);
        } catch (ParseException e) {
            throw new IOException("not JSON (HTTP " + response.statusCode() + " for " + request.method() + " "
                    + request.uri() + "): " + response.body(), e);
        }
    }
}
