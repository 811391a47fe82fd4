package io.memorymanager.leak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Whether the live heap measured after full collections bears out a rising floor. */
class HeapMeasurementsTest {

    private static final long MB = 1L << 20;
    private static final long MINUTE = 60_000;

    private static HeapMeasurements of(long... megabytes) {
        HeapMeasurements m = new HeapMeasurements(60, "the live heap measured after %d full collections");
        for (int i = 0; i < megabytes.length; i++) {
            m.add(i * MINUTE, megabytes[i] * MB);
        }
        return m;
    }

    @Test
    void aSlowSteadyLeakWithSomeNoiseIsBorneOut() {
        // 1 MB a minute on 200 MB, measured every minute, up to 0.3 MB off
        assertThat(of(200, 201, 201, 203, 204, 205, 206, 207).bearOut(0, MINUTE, 1.0 * MB)).isNull();
    }

    @Test
    void aCacheThatReachedItsSizeIsNotBorneOutThoughItGrewFastBefore() {
        String why = of(60, 120, 180, 240, 256, 256, 257).bearOut(0, MINUTE, 60.0 * MB);
        assertThat(why).startsWith("the live heap measured after 7 full collections went from ")
                .contains("/min over the last 3 (2 min): the live heap has stopped growing");
    }

    @Test
    void threeMeasurementsStillRisingAreEnoughAndFewerSayNothing() {
        assertThat(of(100, 160, 220).bearOut(0, MINUTE, 60.0 * MB)).isNull();
        assertThat(of(100, 160).bearOut(0, MINUTE, 60.0 * MB)).isEqualTo(HeapMeasurements.UNCONFIRMED);
    }

    @Test
    void growthMeasuredSeldomIsNoStep() {
        // 2 MB a minute, measured at 0, 1 and 2 minutes, then not for eight minutes (histograms put off), then again:
        // the long interval's 16 MB is most of the growth, but no load
        HeapMeasurements m = new HeapMeasurements(60, "the live heap measured after %d full collections");
        long[] minutes = {0, 1, 2, 10, 11};
        for (long minute : minutes) {
            m.add(minute * MINUTE, (30 + 2 * minute) * MB);
        }
        assertThat(m.bearOut(0, MINUTE, 2.0 * MB)).isNull();
    }

    @Test
    void aLoadInOneStepAndGarbageThatNeverWasLiveAreNotBorneOut() {
        assertThat(of(100, 100, 300, 301).bearOut(0, MINUTE, 60.0 * MB)).contains("in one step: data loaded");
        assertThat(of(100, 101, 100, 101).bearOut(0, MINUTE, 60.0 * MB))
                .contains("the rest is garbage awaiting collection");
    }
}
