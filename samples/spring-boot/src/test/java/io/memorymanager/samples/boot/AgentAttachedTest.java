package io.memorymanager.samples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The sample started with the Memory Manager agent already attached: the starter reuses the agent's Memory
 * Manager (one monitor thread, the agent's MBeans), and health and meters still come through.
 */
class AgentAttachedTest {

    @Test
    void withTheAgentAttachedTheStarterReusesItAndInstallsNothingTwice() throws Exception {
        String agent = "-javaagent:" + ChildSample.required("agent.jar") + "=port=0";
        try (ChildSample child = ChildSample.start(List.of(agent))) {
            Http http = new Http(child.port);
            assertThat(child.log()).contains("Memory Manager already runs in this JVM")
                    .doesNotContain("Memory Manager installed");
            String threads = http.get("/actuator/threaddump").body();
            assertThat(Pattern.compile("\"threadName\":\"memory-manager-monitor\"").matcher(threads).results().count())
                    .as("one Monitor thread: the agent's").isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    Http.component(http.get("/actuator/health").body(), "memory"))
                    .containsPattern("\"status\":\"(UP|DEGRADED)\"").contains("\"reasons\":[")
                    .doesNotContain("\"error\""));
            http.get("/report?lines=3");
            String scrape = http.get("/actuator/prometheus").body();
            assertThat(scrape).containsPattern("(?m)^memorymanager_heap_max_bytes(\\{[^}]*\\})? [1-9]")
                    .containsPattern("(?m)^memorymanager_pool_borrows_total\\{pool=\"report-buffers\",?\\} [1-9]");
            assertThat(child.process.isAlive()).isTrue();
        }
    }
}
