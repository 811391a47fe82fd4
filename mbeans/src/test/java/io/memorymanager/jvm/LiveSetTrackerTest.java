package io.memorymanager.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.memorymanager.internal.GcNotifications;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveSetTrackerTest {

    @Test
    void oldOrTenuredPoolIsTheLongLivedOneOfGenerationalCollectors() {
        assertThat(GcNotifications.longLivedPool(List.of("G1 Eden Space", "G1 Old Gen", "G1 Survivor Space")))
                .contains("G1 Old Gen");
        assertThat(GcNotifications.longLivedPool(List.of("PS Eden Space", "PS Survivor Space", "PS Old Gen")))
                .contains("PS Old Gen");
        assertThat(GcNotifications.longLivedPool(List.of("Eden Space", "Survivor Space", "Tenured Gen")))
                .contains("Tenured Gen");
        assertThat(GcNotifications.longLivedPool(List.of("ZGC Young Generation", "ZGC Old Generation")))
                .contains("ZGC Old Generation");
    }

    @Test
    void theOnlyHeapPoolOfASingleGenerationCollectorIsLongLived() {
        assertThat(GcNotifications.longLivedPool(List.of("ZHeap"))).contains("ZHeap");
        assertThat(GcNotifications.longLivedPool(List.of("Shenandoah"))).contains("Shenandoah");
    }

    @Test
    void unknownLayoutsHaveNoLongLivedPool() {
        assertThat(GcNotifications.longLivedPool(List.of("young", "middle"))).isEmpty();
        assertThat(GcNotifications.longLivedPool(List.of())).isEmpty();
    }
}
