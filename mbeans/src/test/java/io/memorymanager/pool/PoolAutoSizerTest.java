package io.memorymanager.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The auto-sizer on a scripted pool and a manual clock: each simulated second, {@code demand} borrowers want an
 * object; as many as the pool allows hold one, the rest wait (each wait 50 ms, ten a second per waiter).
 */
class PoolAutoSizerTest {

    private static final long SECOND = 1_000_000_000L;

    /** A pool whose load the test scripts. */
    private static class ScriptedPool implements PoolAutoSizer.Sizable {
        int max;
        int min;
        int demand;
        long borrows;
        long waits;
        double waitedMillis;
        int lowestMaxWhileLoaned = Integer.MAX_VALUE;

        ScriptedPool(int max, int min) {
            this.max = max;
            this.min = min;
        }

        @Override
        public int active() {
            return Math.min(demand, max);
        }

        @Override
        public int maxSize() {
            return max;
        }

        @Override
        public int minIdle() {
            return min;
        }

        @Override
        public PoolStats stats() {
            int waiters = Math.max(0, demand - max);
            return new PoolStats(Math.max(active(), min), active(), Math.max(0, min - active()), waiters, borrows,
                    borrows - active(), borrows, 0, 0, 0, 0, 0, 0, 0, 0, 0, waits, waitedMillis, 0, 50);
        }

        @Override
        public boolean apply(int expectedMax, int expectedMin, int maxSize, int minIdle) {
            if (expectedMax != max || expectedMin != min) {
                return false;
            }
            PoolConfig.checkSizes(minIdle, maxSize);
            max = maxSize;
            min = minIdle;
            lowestMaxWhileLoaned = Math.min(lowestMaxWhileLoaned, maxSize - active());
            return true;
        }

        /** One second of load. */
        void second() {
            borrows += 100L * active();
            int waiters = Math.max(0, demand - max);
            waits += 10L * waiters;
            waitedMillis += 10.0 * waiters * 50;
        }
    }

    private final List<PoolResize> notified = new ArrayList<>();
    private String gate;
    private long now = 1_000 * SECOND;

    private PoolAutoSizer sizer(ScriptedPool pool, AutoSizing policy) {
        return new PoolAutoSizer(pool, policy, () -> gate, notified::add);
    }

    private void run(PoolAutoSizer sizer, ScriptedPool pool, int seconds) {
        for (int i = 0; i < seconds; i++) {
            now += SECOND;
            pool.second();
            sizer.round(now, now / 1_000_000);
        }
    }

    @Test
    void sustainedWaitsGrowThePoolInStepsUpToTheCeilingAndNoFurther() {
        ScriptedPool pool = new ScriptedPool(4, 2);
        pool.demand = 50;
        PoolAutoSizer sizer = sizer(pool, AutoSizing.between(4, 20));
        run(sizer, pool, 3600);
        assertThat(pool.max).isEqualTo(20);
        List<PoolResize> history = sizer.history();
        assertThat(history).extracting(PoolResize::toMaxSize).containsExactly(5, 7, 9, 12, 15, 19, 20);
        for (int i = 1; i < history.size(); i++) {
            long apart = history.get(i).timeMillis() - history.get(i - 1).timeMillis();
            assertThat(apart).as("calm-down between resizes").isGreaterThanOrEqualTo(30_000);
            assertThat(history.get(i).fromMaxSize()).isEqualTo(history.get(i - 1).toMaxSize());
        }
        assertThat(history).allSatisfy(r -> {
            assertThat(r.by()).isEqualTo("auto");
            assertThat(r.reason()).containsPattern("^borrowers waited a mean 50.0 ms \\(target 10.0 ms\\) over (10|30) s");
            assertThat(r.toMinIdle()).isEqualTo(2);
        });
        assertThat(history.get(0).reason()).endsWith("maxSize 4 -> 5");
        assertThat(notified).isEqualTo(history);
    }

    @Test
    void aQuietPeriodShrinksThePoolToTheFloorWithMinIdleAndNeverBelowWhatIsOnLoan() {
        ScriptedPool pool = new ScriptedPool(40, 8);
        pool.demand = 2;
        PoolAutoSizer sizer = sizer(pool, AutoSizing.between(4, 64));
        run(sizer, pool, 119);
        assertThat(sizer.history()).as("two minutes of idling are needed").isEmpty();
        run(sizer, pool, 2);
        assertThat(pool.max).isEqualTo(4);
        assertThat(pool.min).isEqualTo(1);
        assertThat(sizer.last().reason()).isEqualTo("no borrow waited and at most 2 objects were on loan at once "
                + "over 2 min 0 s: maxSize 40 -> 4, minIdle 8 -> 1");

        ScriptedPool busy = new ScriptedPool(40, 0);
        busy.demand = 10;
        PoolAutoSizer other = sizer(busy, AutoSizing.between(1, 64));
        run(other, busy, 3600);
        assertThat(busy.max).as("one and a half times the peak on loan").isEqualTo(15);
        assertThat(busy.lowestMaxWhileLoaned).isNotNegative();
        assertThat(other.history()).hasSize(1);
    }

    @Test
    void aSteadyLoadAtTheTargetMakesNoChangeOverAnHour() {
        ScriptedPool pool = new ScriptedPool(16, 4);
        pool.demand = 12;
        PoolAutoSizer sizer = sizer(pool, AutoSizing.between(2, 64));
        run(sizer, pool, 3600);
        assertThat(sizer.history()).isEmpty();
        assertThat(pool.max).isEqualTo(16);

        // waits under the target are not a reason to grow
        ScriptedPool fast = new ScriptedPool(8, 0) {
            @Override
            void second() {
                super.second();
                waitedMillis -= 10.0 * Math.max(0, demand - max) * 49;     // 1 ms a wait
            }
        };
        fast.demand = 9;
        PoolAutoSizer fastSizer = sizer(fast, AutoSizing.between(2, 64));
        run(fastSizer, fast, 600);
        assertThat(fastSizer.history()).isEmpty();
    }

    @Test
    void aLoadThatSwingsBetweenTwoLevelsSettlesInsteadOfOscillating() {
        ScriptedPool pool = new ScriptedPool(4, 0);
        PoolAutoSizer sizer = sizer(pool, AutoSizing.between(2, 64).withShrinkAfter(Duration.ofMinutes(1)));
        for (int minute = 0; minute < 120; minute++) {
            pool.demand = minute % 10 < 5 ? 6 : 12;        // five minutes at 6, five at 12, for two hours
            run(sizer, pool, 60);
        }
        List<PoolResize> history = sizer.history();
        // it grows to carry 12; each shrink that the next swing undoes makes the next shrink wait twice as long,
        // until the five quiet minutes no longer suffice: then it stays at 12
        assertThat(history).extracting(PoolResize::toMaxSize).startsWith(5, 7, 9, 12).endsWith(12);
        assertThat(history).hasSizeLessThanOrEqualTo(10);
        assertThat(history.get(history.size() - 1).timeMillis()).as("settled within 40 of the 120 minutes")
                .isLessThan((1_000 + 40 * 60) * 1000L);
        assertThat(pool.max).isEqualTo(12);
    }

    @Test
    void anOpenBreakerOrHighPressureHoldsGrowthBack() {
        ScriptedPool pool = new ScriptedPool(4, 0);
        pool.demand = 20;
        PoolAutoSizer sizer = sizer(pool, AutoSizing.between(2, 64));
        gate = "circuit breaker requests is open";
        run(sizer, pool, 600);
        assertThat(sizer.history()).isEmpty();
        assertThat(pool.max).isEqualTo(4);
        assertThat(sizer.heldBack()).isEqualTo("growth held back: circuit breaker requests is open (memory wins over "
                + "speed)");
        gate = "memory pressure is HIGH";
        run(sizer, pool, 60);
        assertThat(sizer.history()).isEmpty();
        assertThat(sizer.heldBack()).contains("memory pressure is HIGH");
        gate = null;
        run(sizer, pool, 11);
        assertThat(pool.max).isEqualTo(5);
        assertThat(sizer.heldBack()).isEmpty();
    }

    @Test
    void anOperatorsResizeTurnsAutoSizingOffUntilItIsSwitchedOnAgain() {
        ScriptedPool pool = new ScriptedPool(4, 0);
        pool.demand = 20;
        PoolAutoSizer sizer = sizer(pool, AutoSizing.between(2, 64));
        run(sizer, pool, 11);
        assertThat(pool.max).isEqualTo(5);
        pool.max = 3;
        sizer.operatorResized(5, 3, 0, 0, now / 1_000_000);
        assertThat(sizer.isOn()).isFalse();
        assertThat(sizer.last()).satisfies(r -> {
            assertThat(r.by()).isEqualTo("operator");
            assertThat(r.reason()).contains("auto-sizing is off until it is switched on again");
        });
        run(sizer, pool, 600);
        assertThat(pool.max).as("the operator wins").isEqualTo(3);
        sizer.setOn(true);
        run(sizer, pool, 12);
        assertThat(pool.max).isEqualTo(4);
    }

    @Test
    void switchedOnOutsideItsLimitsThePoolIsBroughtWithinThemAndBadPoliciesAreRefused() {
        ScriptedPool pool = new ScriptedPool(100, 10);
        PoolAutoSizer sizer = sizer(pool, AutoSizing.between(2, 16));
        run(sizer, pool, 2);
        assertThat(pool.max).isEqualTo(16);
        assertThat(sizer.last().reason()).contains("brought within its limits (2 to 16)");
        assertThatThrownBy(() -> AutoSizing.between(0, 4)).hasMessage("auto-sizing floor must be at least 1, was 0");
        assertThatThrownBy(() -> AutoSizing.between(5, 4))
                .hasMessage("auto-sizing ceiling must be at least the floor (5), was 4");
        assertThatThrownBy(() -> AutoSizing.between(1, 4).withTargetWait(Duration.ZERO))
                .hasMessage("targetWait must be > 0, was PT0S");
        PoolAutoSizer none = sizer(new ScriptedPool(4, 0), null);
        assertThatThrownBy(() -> none.setOn(true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("set AutoSizeFloor and AutoSizeCeiling");
        assertThat(none.isOn()).isFalse();
    }

    @Test
    void aResizeRacedByAnOperatorIsDroppedAndTheOperatorsSizesStand() {
        ScriptedPool pool = new ScriptedPool(4, 0) {
            @Override
            public boolean apply(int expectedMax, int expectedMin, int maxSize, int minIdle) {
                max = 6;            // the operator's resize lands between the judgement and the apply
                return super.apply(expectedMax, expectedMin, maxSize, minIdle);
            }
        };
        pool.demand = 20;
        PoolAutoSizer sizer = sizer(pool, AutoSizing.between(2, 64));
        run(sizer, pool, 11);
        assertThat(pool.max).isEqualTo(6);
        assertThat(sizer.history()).isEmpty();
        assertThat(notified).isEmpty();
    }

    @Test
    void theHistoryKeepsTheLast32() {
        ScriptedPool pool = new ScriptedPool(4, 0);
        PoolAutoSizer sizer = sizer(pool, AutoSizing.between(1, 64));
        for (int i = 0; i < 40; i++) {
            sizer.operatorResized(4 + i, 5 + i, 0, 0, i);
        }
        assertThat(sizer.history()).hasSize(PoolAutoSizer.HISTORY);
        assertThat(sizer.history().get(0).toMaxSize()).isEqualTo(13);
        assertThat(sizer.last().toMaxSize()).isEqualTo(44);
    }
}
