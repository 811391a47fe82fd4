package io.memorymanager.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The leak quality suite ({@link LeakQuality}) as a test, at the detector's defaults. In every build, a shortened
 * subset: {@link #CI_SCENARIOS} for {@link #CI_MINUTES} minutes, side by side: a fast leak must go CRITICAL within
 * five minutes, and the non-leaks that used to alarm in their first minutes (warm-up, a load, a pool growing, a
 * console polling) must not. The full run takes {@code leak.quality.minutes} (25 for the real thing) per scenario;
 * {@code -Dleak.quality.scenarios=a,b} and {@code -Dleak.quality.parallel=P} are passed on; the report goes to
 * {@code target/leak-quality.md}.
 *
 * <pre>mvn -pl jolokia-bridge verify -Dit.test=LeakQualityIT -Dleak.quality.minutes=25</pre>
 */
class LeakQualityIT {

    static final String CI_MINUTES = "6";
    static final String CI_SCENARIOS = "static-map-20mb,lru-warmup,reference-data,thread-pool-growth,console-open,"
            + "ttl-cache";

    @Test
    void everyScenarioMeetsItsTargetWithTheDetectorDefaults() throws Exception {
        String minutes = System.getProperty("leak.quality.minutes", "");
        List<String> args = new ArrayList<>();
        if (minutes.isBlank()) {
            args.addAll(List.of("--minutes", CI_MINUTES, "--scenarios", CI_SCENARIOS,
                    "--out", "target/leak-quality-ci.md"));
            assertThat(LeakQuality.run(args.toArray(String[]::new)))
                    .as("leak quality subset %s: 0 when every scenario passes (see target/leak-quality-ci.md)", args)
                    .isZero();
            return;
        }
        args.addAll(List.of("--minutes", minutes.trim()));
        forward("leak.quality.scenarios", "--scenarios", args);
        forward("leak.quality.parallel", "--parallel", args);
        assertThat(LeakQuality.run(args.toArray(String[]::new)))
                .as("leak quality run %s: 0 when every scenario passes (see target/leak-quality.md)", args)
                .isZero();
    }

    private static void forward(String property, String option, List<String> args) {
        String value = System.getProperty(property, "");
        if (!value.isBlank()) {
            args.add(option);
            args.add(value.trim());
        }
    }
}
