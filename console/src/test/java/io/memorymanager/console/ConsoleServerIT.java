package io.memorymanager.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's server in this JVM, in front of a stand-in agent (the JDK's HTTP server, recording what reaches
 * it): Hawtio lists the plugin, the plugin's files are served from Hawtio's origin, the proxy reaches the console's
 * agents only, from the console's own pages only, with the agent's credentials and without the browser's Origin.
 */
class ConsoleServerIT {

    @TempDir
    static Path dir;
    private static HttpServer agent;
    private static final ConcurrentLinkedQueue<Map<String, String>> seen = new ConcurrentLinkedQueue<>();
    private static ConsoleServer console;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws IOException {
        agent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        agent.createContext("/jolokia", exchange -> {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
            headers.put(":path", exchange.getRequestURI().getPath());
            seen.add(headers);
            byte[] body = "{\"status\":200,\"value\":\"stand-in\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        agent.start();
        Path token = Files.writeString(dir.resolve("access.token"), "t0k3n\n");
        ConsoleOptions options = ConsoleOptions.parse("--port", "0", "--token-file", token.toString(),
                "http://127.0.0.1:" + agent.getAddress().getPort() + "/jolokia");
        console = ConsoleServer.start(options, Console.war());
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
        if (agent != null) {
            agent.stop(0);
        }
    }

    @Test
    void hawtioListsThePluginServedFromItsOwnOrigin() throws Exception {
        HttpResponse<String> plugins = get("/hawtio/plugin", Map.of());
        assertThat(plugins.statusCode()).isEqualTo(200);
        assertThat(plugins.body()).contains("\"scope\":\"memoryManager\"").contains("\"module\":\"./plugin\"")
                .contains("\"url\":\"/memory-manager\"").contains("\"remoteEntryFileName\":\"remoteEntry.js\"");

        HttpResponse<String> entry = get("/memory-manager/remoteEntry.js", Map.of());
        assertThat(entry.statusCode()).isEqualTo(200);
        assertThat(entry.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(entry.body()).contains("memoryManager");
        assertThat(get("/memory-manager/../io/memorymanager/console/Console.class", Map.of()).statusCode()).isIn(400, 404);
        assertThat(get("/memory-manager/Console.class", Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void theStartPagePresetsTheAgentsConnection() throws Exception {
        HttpResponse<String> page = get("/", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("\"port\":" + agent.getAddress().getPort()).contains("/hawtio/memory?con=");
    }

    @Test
    void theProxyReachesTheAgentWithItsTokenAndWithoutTheBrowsersOrigin() throws Exception {
        seen.clear();
        HttpResponse<String> r = post(proxy(agent.getAddress().getPort()), Map.of("Origin", origin(),
                "Sec-Fetch-Site", "same-origin", "Authorization", "Basic c29tZW9uZTplbHNl"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("stand-in");
        assertThat(seen).singleElement().satisfies(h -> {
            // Hawtio's proxy sends any scheme but Basic on as Basic with user "token", which the agent takes as its
            // access token (AccessToken.USER)
            assertThat(h.get("Authorization")).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString("token:t0k3n".getBytes(StandardCharsets.UTF_8)));
            assertThat(h).doesNotContainKeys("Origin", "Referer", "Sec-Fetch-Site");
            assertThat(h.get(":path")).isEqualTo("/jolokia");
        });
    }

    @Test
    void theProxyRefusesOtherOriginsCrossSiteFetchesAndOtherTargets() throws Exception {
        seen.clear();
        HttpResponse<String> foreign = post(proxy(agent.getAddress().getPort()), Map.of("Origin", "http://evil.example"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("requests from origin http://evil.example are not allowed");
        assertThat(post(proxy(agent.getAddress().getPort()), Map.of("Sec-Fetch-Site", "cross-site")).statusCode())
                .isEqualTo(403);
        HttpResponse<String> other = post(proxy(console.port()), Map.of());
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("proxies only to the agents it was started with");
        assertThat(seen).isEmpty();
    }

    @Test
    void theWarsOwnJolokiaIsRefused() throws Exception {
        assertThat(get("/hawtio/jolokia/version", Map.of()).statusCode()).isEqualTo(403);
        assertThat(post("/hawtio/jolokia", Map.of()).statusCode()).isEqualTo(403);
    }

    private static String proxy(int port) {
        return "/hawtio/proxy/http/127.0.0.1/" + port + "/jolokia";
    }

    private static String origin() {
        return "http://127.0.0.1:" + console.port();
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + path))
                .timeout(Duration.ofSeconds(20));
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[{\"type\":\"version\"}]"));
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
