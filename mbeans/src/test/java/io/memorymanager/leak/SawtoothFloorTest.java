package io.memorymanager.leak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SawtoothFloorTest {

    private static final long MB = 1 << 20;
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final SawtoothFloor floor = new SawtoothFloor("G1 Old Gen", now::get);

    /** One tooth: 5 young collections promoting 10 MB each, then a mixed collection back to {@code bottom}. */
    private void tooth(long bottom) {
        long used = bottom;
        for (int i = 0; i < 5; i++) {
            now.addAndGet(2_000);
            floor.record(used, used + 10 * MB);
            used += 10 * MB;
        }
        now.addAndGet(2_000);
        floor.record(used, bottom);
    }

    @Test
    void theFloorIsTheBottomOfTheTeethNotTheirTops() {
        for (int i = 0; i < 6; i++) {
            tooth(50 * MB);
        }
        assertThat(floor.floorBytes(Long.MAX_VALUE)).isEqualTo(50 * MB);
        assertThat(floor.span()).isEqualTo(24_000);
        now.addAndGet(8_000);
        floor.record(50 * MB, 60 * MB);
        assertThat(floor.floorBytes(Long.MAX_VALUE)).isEqualTo(50 * MB);
    }

    @Test
    void risingBottomsRaiseTheFloorWithinASpansLag() {
        for (int i = 0; i < 3; i++) {
            tooth((50 + 5L * i) * MB);
        }
        long earlier = floor.floorBytes(Long.MAX_VALUE);
        for (int i = 3; i < 6; i++) {
            tooth((50 + 5L * i) * MB);
        }
        // the minimum over the span (two teeth) lags the newest bottom (75 MB) by one tooth
        assertThat(floor.floorBytes(Long.MAX_VALUE)).isEqualTo(65 * MB).isGreaterThan(earlier);
    }

    @Test
    void theSpanIsCappedSoTheFloorFollowsWithinAWindow() {
        for (int i = 0; i < 6; i++) {
            tooth((50 + 5L * i) * MB);
        }
        // capped at 10 s: only the newest tooth's bottom and nothing older
        assertThat(floor.floorBytes(10_000)).isEqualTo(75 * MB);
    }

    @Test
    void withoutAnyCollectionThereIsNoFloor() {
        assertThat(floor.floorBytes(Long.MAX_VALUE)).isEqualTo(-1);
        now.addAndGet(1_000);
        floor.record(-1, 30 * MB);
        assertThat(floor.floorBytes(Long.MAX_VALUE)).isEqualTo(30 * MB);
        assertThat(floor.span()).isEqualTo(60_000);
    }
}
