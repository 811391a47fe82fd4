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
                assertThat(log).containsPattern("name=memorymanager\\.leak\\.status,.*memorymanager\\.leak\\.state")
                        .containsPattern("name=memorymanager\\.health\\.status,.*attributes=\\{memorymanager\\.health\\.state="
                                + "\"up\"\\}, value=1")
                        .containsPattern("name=memorymanager\\.breaker\\.status,.*breaker=\"?uploads")
                        .containsPattern("name=memorymanager\\.pool\\.size,.*pool=\"?report-buffers")
                        .containsPattern("name=memorymanager\\.cache\\.size,.*cache=\"?reports");
            });
        }
    }

    // the first value of the metric's first point in the logging exporter's output
    private static double value(String log, String metric) {
        Matcher m = Pattern.compile("name=" + Pattern.quote(metric) + ",.*?value=(-?[0-9.E]+)").matcher(log);
        assertThat(m.find()).as(metric + " in the exporter's output").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
