package io.memorymanager.leak;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.plugins.Redeployer;
import io.memorymanager.profile.Profiler;
import io.memorymanager.profile.ProfilerSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The tracker on this JVM's real histograms. */
class SuspectTrackerTest {

    // kept for the whole run: loaders unloaded during a later test would make its histograms move
    private static final Redeployer PLUGINS = new Redeployer();

    @Test
    void keepingHistogramsNeverMakesMemoryManagerItsOwnSuspect() throws Exception {
        Profiler profiler = new Profiler(ProfilerSettings.defaults().withHistogramMinInterval(Duration.ZERO));
        SuspectTracker tracker = new SuspectTracker();
        profiler.fullClassHistogram();  // the first one loads and initialises what histograms need
        long t = 0;
        for (int i = 0; i < 8; i++) {
            tracker.offer(profiler.fullClassHistogram(), t += 10_000, profiler.heldAtLastHistogram());

        }
        assertThat(tracker.suspects()).extracting(Suspect::className)
                .doesNotContain("long[]", "int[]", "char[]");
    }

    @Test
    void aGrowingClassLoaderIsReportedWithTheClassWhoseLiveInstancesKeepTheOldLoaders() throws Exception {
        Profiler profiler = new Profiler(ProfilerSettings.defaults().withHistogramMinInterval(Duration.ZERO));
        SuspectTracker tracker = new SuspectTracker();
        Redeployer plugins = PLUGINS;
        long t = 0;
        for (int i = 0; i < 6; i++) {
            for (int k = 0; k < 3; k++) {
                plugins.redeploy();
            }
            tracker.offer(profiler.fullClassHistogram(), t += 60_000, profiler.heldAtLastHistogram());
        }
        assertThat(plugins.deployments()).isEqualTo(18);
        assertThat(tracker.loaders()).containsExactly("com.acme.plugins.Redeployer$PluginLoader");
        assertThat(tracker.loaderGrowth())
                .startsWith("instances of com.acme.plugins.Redeployer$PluginLoader grow 3 loaders/min")
                .contains("old loaders are kept by live instances of their classes: "
                        + "com.acme.plugins.Redeployer$Rule (in 18 loaders)");
    }

    @Test
    void withoutGrowingLoadersNothingIsSaidOfWhatKeepsThemAndJdkOrOwnClassesNeverKeepLoaders() throws Exception {
        Profiler profiler = new Profiler(ProfilerSettings.defaults().withHistogramMinInterval(Duration.ZERO));
        SuspectTracker tracker = new SuspectTracker();
        long t = 0;
        for (int i = 0; i < 4; i++) {
            tracker.offer(profiler.fullClassHistogram(), t += 60_000, profiler.heldAtLastHistogram());
        }
        assertThat(tracker.loaderGrowth()).isEmpty();
        assertThat(SuspectTracker.keptBy(profiler.fullClassHistogram()))
                .doesNotContain("java.", "io.memorymanager.");
    }
}
