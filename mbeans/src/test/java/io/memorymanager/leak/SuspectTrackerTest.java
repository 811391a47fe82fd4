package io.memorymanager.leak;

import static org.assertj.core.api.Assertions.assertThat;

import io.memorymanager.profile.Profiler;
import io.memorymanager.profile.ProfilerSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The tracker on this JVM's real histograms. */
class SuspectTrackerTest {

    @Test
    void keepingHistogramsNeverMakesMemoryManagerItsOwnSuspect() throws Exception {
        Profiler profiler = new Profiler(ProfilerSettings.defaults().withHistogramMinInterval(Duration.ZERO));
        SuspectTracker tracker = new SuspectTracker();
        long t = 0;
        for (int i = 0; i < 8; i++) {
            tracker.offer(profiler.fullClassHistogram(), t += 10_000, profiler.heldAtLastHistogram());

        }
        assertThat(tracker.suspects()).extracting(Suspect::className)
                .doesNotContain("long[]", "int[]", "char[]");
    }
}
