package io.memorymanager.samples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code promtool} (Debian's prometheus package; .ci/run installs it) checks both alert-rule files and runs their
 * unit tests, which feed series that must fire and series that must not (blips, INFO, no projection).
 */
class PrometheusRulesTest {

    private static final Path PROMETHEUS = Path.of(System.getProperty("docs.dir", "../../docs"), "prometheus");

    @Test
    void bothRuleFilesAreValid() throws Exception {
        String out = promtool("check", "rules", PROMETHEUS.resolve("memory-manager-alerts.yml").toString(),
                PROMETHEUS.resolve("memory-manager-micrometer-alerts.yml").toString());
        assertThat(out).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void theRulesFireOnWhatShouldAndNotOnWhatShouldNot() throws Exception {
        String out = promtool("test", "rules", PROMETHEUS.resolve("tests/memory-manager-alerts.test.yml").toString(),
                PROMETHEUS.resolve("tests/memory-manager-micrometer-alerts.test.yml").toString());
        assertThat(out).doesNotContain("FAILED");
        assertThat(out.split("SUCCESS", -1)).hasSize(3);
    }

    private static String promtool(String... args) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(promtool).as("promtool: apt-get install -y prometheus (.ci/run does)").isExecutable();
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        // read to the end first: a full pipe would block promtool
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
