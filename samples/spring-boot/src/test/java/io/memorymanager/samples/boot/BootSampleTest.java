package io.memorymanager.samples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample on a free port, in this JVM, on the Boot line of the module running it (3.5 here, 4.0 in
 * samples/spring-boot-4). System memory's warning threshold is set to 1 %, so the Monitor's pressure is HIGH and
 * the memory component DEGRADED, with its reason.
 */
class BootSampleTest {

    private static final Path DOCS = Path.of(System.getProperty("docs.dir", "../../docs"));

    private static ConfigurableApplicationContext context;
    private static Http http;

    @BeforeAll
    static void start() {
        context = SpringApplication.run(MemoryDemoApplication.class, "--server.port=0",
                "--memory-manager.monitor.system.warning-percent=1",
                "--memory-manager.monitor.system.critical-percent=100");
        http = new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void theHealthEndpointShowsTheMemoryComponentDegradedWithItsReasons() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> health = http.get("/actuator/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            String memory = Http.component(health.body(), "memory");
            assertThat(memory).contains("\"status\":\"DEGRADED\"").containsPattern(
                    "\"reasons\":\\[\"memory pressure is HIGH: System memory at [0-9.]+% \\(warning 1\\.0%");
            // the sample's status order puts DEGRADED in the aggregate
            assertThat(health.body().replace(memory, "")).containsPattern("(^\\{\"status\":\"DEGRADED\")|(\"status\":\"DEGRADED\"}$)");
        });
    }

    @Test
    void thePrometheusEndpointListsTheMetersOfEveryPartWithValues() throws Exception {
        assertThat(http.get("/report?lines=20").body()).contains("line 19");
        String scrape = http.get("/actuator/prometheus").body();
        assertThat(scrape).containsPattern("(?m)^memorymanager_heap_max_bytes(\\{[^}]*\\})? [1-9]")
                .containsPattern("(?m)^memorymanager_leak_score(\\{[^}]*\\})? \\d")
                .containsPattern("(?m)^memorymanager_health_status\\{status=\"DEGRADED\",?\\} 1")
                .containsPattern("(?m)^memorymanager_pressure_level\\{level=\"HIGH\",?\\} 1")
                .containsPattern("(?m)^memorymanager_pool_borrows_total\\{pool=\"report-buffers\",?\\} [1-9]")
                .containsPattern("(?m)^memorymanager_pool_max\\{pool=\"report-buffers\",?\\} 8")
                .containsPattern("(?m)^memorymanager_cache_size\\{cache=\"reports\",?\\} 1")
                .containsPattern("(?m)^memorymanager_breaker_state\\{breaker=\"uploads\",state=\"CLOSED\",?\\} 1")
                .containsPattern("(?m)^memorymanager_budget_limit_bytes(\\{[^}]*\\})? [1-9]");
        assertThat(http.get("/actuator/metrics/memorymanager.heap.live.floor").statusCode()).isEqualTo(200);
    }

    @Test
    void everySeriesTheDashboardAndTheAlertRulesQueryIsOneTheMeterBinderReallyProduces() throws Exception {
        http.get("/report?lines=5");
        String scrape = http.get("/actuator/prometheus").body();
        String dashboard = Files.readString(DOCS.resolve("grafana/memory-manager-dashboard.json"));
        String rules = Files.readString(DOCS.resolve("prometheus/memory-manager-micrometer-alerts.yml"));
        assertThat(Http.queriedNames(dashboard)).hasSizeGreaterThan(10);
        assertThat(Http.seriesNames(scrape)).containsAll(Http.queriedNames(dashboard))
                .containsAll(Http.queriedNames(rules));
        // and the label values they select on (status="WARNING", state="OPEN", ...): each a series of the scrape
        Set<String> selected = new java.util.TreeSet<>(Http.queriedLabelValues(dashboard));
        selected.addAll(Http.queriedLabelValues(rules));
        assertThat(selected).isNotEmpty().anyMatch(s -> s.contains("state=\"OPEN\""));
        assertThat(Http.scrapedLabelValues(scrape)).containsAll(selected);
    }

    @Test
    void theLeakSwitchLeaksUntilStopped() throws Exception {
        assertThat(http.post("/leak/start").body()).contains("\"leaking\":true");
        await().atMost(Duration.ofSeconds(10)).until(() -> !http.get("/leak").body().contains("\"leakedBytes\":0"));
        HttpResponse<String> stop = http.post("/leak/stop");
        assertThat(stop.body()).contains("\"leaking\":false").containsPattern("\"freedBytes\":[1-9]");
        assertThat(http.get("/leak").body()).contains("\"leakedBytes\":0");
    }
}
