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

    @Test
    void theBottomsOfTheTeethBearOutAFloorOnlyWhenTheyRiseWithIt() {
        SawtoothFloor rising = new SawtoothFloor("G1 Old Gen", java.util.List.of("G1 Old Gen", "G1 Survivor Space"),
                now::get);
        SawtoothFloor flat = new SawtoothFloor("G1 Old Gen", java.util.List.of("G1 Old Gen", "G1 Survivor Space"),
                now::get);
        long start = now.get();
        assertThat(rising.bottomsBearOut(start, 60_000, 1 << 20)).isEqualTo(SuspectTracker.UNCONFIRMED);
        for (int i = 0; i < 6; i++) {
            now.addAndGet(30_000);
            long mb = 1 << 20;
            // young collections only promote; one collection a tooth cuts the old generation back
            rising.record(100 * mb + i * mb, 130 * mb + i * mb, 135 * mb + i * mb);
            rising.record(300 * mb, 100 * mb + i * mb, 104 * mb + i * mb);
            flat.record(300 * mb, 100 * mb, 104 * mb);
        }
        assertThat(rising.bottomsBearOut(start, 60_000, 2 << 20)).isNull();
        assertThat(flat.bottomsBearOut(start, 60_000, 2 << 20)).contains("the heap after 6 collections that cut the old "
                + "generation went from 104.0 MB to 104.0 MB").contains("garbage awaiting collection");
    }
}
