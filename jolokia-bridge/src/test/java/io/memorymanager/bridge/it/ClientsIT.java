package io.memorymanager.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jolokia.client.JolokiaClient;
import org.jolokia.client.JolokiaClientBuilder;
import org.jolokia.client.exception.JolokiaRemoteException;
import org.jolokia.client.request.HttpMethod;
import org.jolokia.client.request.JolokiaExecRequest;
import org.jolokia.client.request.JolokiaReadRequest;
import org.jolokia.client.response.JolokiaExecResponse;
import org.jolokia.client.response.JolokiaReadResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The tools operators use, against a child JVM with the agent: jmxterm over remote JMX, the Jolokia Java client
 * over HTTP, and the Prometheus JMX exporter with the documented rules ({@code docs/prometheus/memory-manager.yaml}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientsIT {

    private static final Path TOOLS = Path.of(System.getProperty("tools.dir", "target/tools"));
    private static final Path RULES = Path.of("../docs/prometheus/memory-manager.yaml");
    private ChildJvm child;
    private String jolokia;
    private String jmx;
    private String token;
    private int metricsPort;

    @BeforeAll
    void start() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            metricsPort = probe.getLocalPort();
        }
        child = ChildJvm.start(List.of(ChildJvm.agent("port=0,jmxPort=0"),
                "-javaagent:" + TOOLS.resolve("jmx_prometheus_javaagent.jar").toAbsolutePath() + "=127.0.0.1:"
                        + metricsPort + ":" + RULES.toAbsolutePath()), ChildJvm.HOST_CLASSES, "serve");
        jolokia = child.awaitStderr("Memory Manager: Jolokia at (http://\\S+)");
        jmx = child.awaitStderr("Memory Manager: JMX at (service:jmx:\\S+)");
        token = io.memorymanager.bridge.AccessToken.read(Path.of(child.awaitStderr("access token in (\\S+)")));
    }

    @AfterAll
    void stop() {
        if (child != null) {
            child.close();
        }
    }

    @Test
    void jmxtermReadsOurAttributesAndRunsAnOperation() throws Exception {
        String out = jmxterm("get -b io.memorymanager:type=JvmMemory HeapUsedBytes ThreadCount\n"
                + "get -b io.memorymanager:type=LeakDetector Status\n"
                + "run -b io.memorymanager:type=Monitor sampleNow\n"
                + "get -b io.memorymanager:type=JvmMemory NoSuchAttribute\n");
        assertThat(out).containsPattern("HeapUsedBytes = [1-9]\\d*;").containsPattern("ThreadCount = [1-9]\\d*;")
                .containsPattern("Status = (NONE|INFO|WARNING|CRITICAL);");
        assertThat(out).as("sampleNow's composite result").contains("heapUsedBytes").contains("pressureLevel");
        // jmxterm exits 0 whatever happens, and prints nothing for an unknown attribute: only its output tells
        assertThat(out).doesNotContain("NoSuchAttribute =");
    }

    private String jmxterm(String script) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                TOOLS.resolve("jmxterm-uber.jar").toString(), "-l", jmx, "-u", io.memorymanager.bridge.AccessToken.USER,
                "-p", token, "-n", "-v", "brief")
                .redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void jolokiaJavaClientReadsAndExecutesWithPost() throws Exception {
        JolokiaClient client = new JolokiaClientBuilder().url(jolokia)
                .user(io.memorymanager.bridge.AccessToken.USER).password(token).build();
        JolokiaReadResponse read = client.execute(new JolokiaReadRequest("io.memorymanager:type=JvmMemory",
                "HeapUsedBytes"));
        assertThat(((Number) read.getValue()).longValue()).isPositive();
        // exec needs POST here: the client would send a simple exec as GET, which the agent refuses
        JolokiaExecResponse exec = client.execute(new JolokiaExecRequest("io.memorymanager:type=Profiler",
                "objectLayout", "java.lang.Integer"), HttpMethod.POST);
        Map<String, Object> layout = exec.getValue();
        assertThat(layout.get("className")).isEqualTo("java.lang.Integer");
        assertThat(((Number) layout.get("instanceSizeBytes")).longValue()).isPositive();
        assertThatThrownBy(() -> client.execute(new JolokiaExecRequest("java.lang:type=Memory", "gc"), HttpMethod.POST))
                .isInstanceOf(JolokiaRemoteException.class).hasMessageContaining("forbidden");
    }

    @Test
    void prometheusJmxExporterScrapesOurMBeansWithTheDocumentedRules() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("(?m)^memorymanager_jvmmemory_heapusedbytes [1-9]")
                .containsPattern("(?m)^memorymanager_systemmemory_totalbytes [1-9]")
                .containsPattern("(?m)^memorymanager_leakdetector_leakscore \\d")
                .containsPattern("(?m)^memorymanager_leakdetector_status\\{status=\"(NONE|INFO|WARNING|CRITICAL)\",?\\} 1")
                .containsPattern("(?m)^memorymanager_health_status\\{status=\"(UP|DEGRADED|DOWN)\",?\\} 1");
        assertThat(metrics).containsPattern("(?m)^memorymanager_monitor_pressurelevel\\{level=\"(NORMAL|ELEVATED|HIGH|"
                + "CRITICAL)\",?\\} 1").containsPattern("(?m)^memorymanager_memorybudget_level\\{level=\"(NORMAL|WARNING|"
                + "CRITICAL)\",?\\} 1");
        // every series the alert rules for this exporter query: scraped here, or (pools and breakers, which this
        // JVM has none of) an attribute of their MXBean that the same rule turns into that name
        java.util.regex.Matcher queried = java.util.regex.Pattern.compile("memorymanager_[a-z0-9_]+").matcher(
                java.nio.file.Files.readString(RULES.resolveSibling("memory-manager-alerts.yml")));
        java.util.Set<String> names = new java.util.TreeSet<>();
        while (queried.find()) {
            names.add(queried.group());
        }
        assertThat(names).hasSizeGreaterThan(10).allSatisfy(name -> {
            if (name.startsWith("memorymanager_objectpool_")) {
                assertThat(attributes(io.memorymanager.pool.ObjectPoolMXBean.class)).contains(
                        name.substring("memorymanager_objectpool_".length()));
            } else if (name.startsWith("memorymanager_circuitbreaker_")) {
                assertThat(attributes(io.memorymanager.breaker.CircuitBreakerMXBean.class)).contains(
                        name.substring("memorymanager_circuitbreaker_".length()));
            } else {
                assertThat(metrics).containsPattern("(?m)^" + name + "[{ ]");
            }
        });
    }

    // attribute names as the exporter's lowercased rule writes them
    private static java.util.Set<String> attributes(Class<?> mxbean) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (java.lang.reflect.Method m : mxbean.getMethods()) {
            String n = m.getName();
            if (m.getParameterCount() == 0 && (n.startsWith("get") || n.startsWith("is"))) {
                names.add(n.substring(n.startsWith("get") ? 3 : 2).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }
}
