package io.memorymanager.samples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry Java agent from Maven Central with {@code docs/opentelemetry/memory-manager-jmx.yaml}, exporting
 * to its logging exporter, beside the sample (whose starter installs Memory Manager): the mapped metrics appear with
 * values, states as one series per state.
 */
class OpenTelemetryJmxTest {

    private static final Path RULES = Path.of(System.getProperty("docs.dir", "../../docs"),
            "opentelemetry/memory-manager-jmx.yaml");

    @Test
    void theOtelAgentExportsTheMappedMetricsWithValues() throws Exception {
        List<String> options = List.of("-javaagent:" + ChildSample.required("otel.agent.jar"),
                "-Dotel.jmx.config=" + RULES.toAbsolutePath(), "-Dotel.metrics.exporter=logging",
                "-Dotel.traces.exporter=none", "-Dotel.logs.exporter=none", "-Dotel.metric.export.interval=2000",
                "-Dotel.instrumentation.common.default-enabled=false", "-Dotel.instrumentation.runtime-telemetry.enabled=false",
                "-Dotel.javaagent.logging=application");
        try (ChildSample child = ChildSample.start(options)) {
            new Http(child.port).get("/report?lines=3");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                String log = child.log();
                assertThat(value(log, "memorymanager.heap.max")).isPositive();
                assertThat(value(log, "memorymanager.budget.limit")).isPositive();
                assertThat(value(log, "memorymanager.pool.borrows")).isPositive();
                assertThat(onePointSet(log, "memorymanager.leak.status")).as("one leak state is current")
                        .containsOnlyOnce("value=1,").contains("status=\"NONE\"").contains("status=\"CRITICAL\"");
                assertThat(onePointSet(log, "memorymanager.health.status")).containsOnlyOnce("value=1,")
                        .contains("status=\"UP\"").contains("status=\"DOWN\"");
                assertThat(onePointSet(log, "memorymanager.breaker.state")).contains("breaker=\"uploads\"")
                        .containsOnlyOnce("value=1,");
                assertThat(log).containsPattern("name=memorymanager\\.pool\\.size,.*pool=\"report-buffers\"")
                        .containsPattern("name=memorymanager\\.cache\\.size,.*cache=\"reports\"");
            });
        }
    }

    // the points of the metric's last export: its line, from the name on
    private static String onePointSet(String log, String metric) {
        String last = null;
        for (String line : log.split("\n")) {
            int at = line.indexOf("name=" + metric + ",");
            if (at >= 0) {
                last = line.substring(at);
            }
        }
        assertThat(last).as(metric + " in the exporter's output").isNotNull();
        return last;
    }

    // the value of the metric's first point in its last export
    private static double value(String log, String metric) {
        Matcher m = Pattern.compile("value=(-?[0-9.E]+)").matcher(onePointSet(log, metric));
        assertThat(m.find()).as(metric + " has a value").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
