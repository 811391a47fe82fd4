package io.memorymanager.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.memorymanager.ManualClock;
import io.memorymanager.internal.ObjectNames;
import io.memorymanager.system.CgroupMemory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.Notification;
import org.junit.jupiter.api.Test;

/** The budget's level over time, driven by a made-up cgroup whose charge a test moves, and a manual clock. */
class BudgetWatchTest {

    private static final long MB = 1L << 20;
    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final List<Notification> notifications = new CopyOnWriteArrayList<>();
    private volatile long usage = 1000 * MB;

    private MemoryBudget budget() {
        MemoryBudget b = new MemoryBudget(() -> new Budget.Inputs(Optional.of(new CgroupMemory.Reading("v2", 2000 * MB,
                "sys/fs/cgroup/app/memory.max", usage, Map.of("inactive_file", 0L))), 16_384 * MB, usage,
                new Budget.Pool(500 * MB, 800 * MB, 1000 * MB), new Budget.Pool(90 * MB, 100 * MB, 150 * MB), true,
                Budget.Pool.NONE, new Budget.Pool(30 * MB, 40 * MB, 240 * MB), 0, 100 * MB, true, 0, 50, MB,
                Optional.empty()), clock, ObjectNames.of("MemoryBudget"));
        b.addNotificationListener((n, h) -> notifications.add(n), null, null);
        return b;
    }

    private void run(MemoryBudget b, int checks, Runnable step) {
        for (int i = 0; i < checks; i++) {
            clock.advance(MemoryBudget.CHECK_INTERVAL.toMillis());
            step.run();
            b.check();
        }
    }

    @Test
    void aSteadyRiseTowardsTheLimitWarnsOnceWithTheTimeLeft() {
        MemoryBudget b = budget();
        run(b, 60, () -> usage += 4 * MB);            // 24 MB/min towards 2000 MB: ~30 min left at the end
        assertThat(b.getTimeToLimitSeconds()).isBetween(600L, 3600L);
        assertThat(b.getLevel()).isEqualTo(BudgetLevel.WARNING);
        assertThat(notifications).extracting(Notification::getType).containsExactly(MemoryBudget.WARNING);
        assertThat(notifications.get(0).getMessage()).startsWith("Memory budget WARNING: ")
                .contains("left under the 2.0 GB limit; at its trend the limit is reached in ");
        assertThat(b.levelReason()).contains("left under the 2.0 GB limit");
    }

    @Test
    void aSawtoothOrAOneTimeStepIsNoTrend() {
        MemoryBudget b = budget();
        int[] tick = {0};
        run(b, 60, () -> usage = (1000 + (tick[0]++ % 6) * 60) * MB);   // rises 300 MB and drops, every minute
        assertThat(b.getTimeToLimitSeconds()).isEqualTo(-1);
        MemoryBudget step = budget();
        usage = 1000 * MB;
        int[] n = {0};
        run(step, 60, () -> usage = n[0]++ == 30 ? 1500 * MB : usage);   // one step of 500 MB, flat around it
        assertThat(step.getTimeToLimitSeconds()).isEqualTo(-1);
        assertThat(notifications).isEmpty();
    }

    @Test
    void littleHeadroomWarnsThenCriticalAndRecoversOnlyPastTheHysteresis() {
        MemoryBudget b = budget();
        usage = 1850 * MB;                            // 7.5% left
        run(b, 1, () -> { });
        assertThat(b.getLevel()).isEqualTo(BudgetLevel.WARNING);
        usage = 1920 * MB;                            // 4% left
        run(b, 1, () -> { });
        assertThat(b.getLevel()).isEqualTo(BudgetLevel.CRITICAL);
        usage = 1880 * MB;                            // 6%: over the critical line, within its hysteresis
        run(b, 1, () -> { });
        assertThat(b.getLevel()).isEqualTo(BudgetLevel.CRITICAL);
        usage = 1700 * MB;                            // 15%: clear of the warning line too
        run(b, 1, () -> { });
        assertThat(b.getLevel()).isEqualTo(BudgetLevel.NORMAL);
        assertThat(notifications).extracting(Notification::getType)
                .containsExactly(MemoryBudget.WARNING, MemoryBudget.CRITICAL, MemoryBudget.RECOVERED);
    }

    @Test
    void lastChanceActionsRunOnTheWayIntoCriticalAndTheRateLimitedOnesAtMostOncePerInterval() {
        MemoryBudget b = budget();
        int[] dumps = {0};
        int[] trims = {0};
        b.onCritical("heap dump", java.time.Duration.ofHours(1), () -> "wrote dump-" + ++dumps[0]);
        b.onCritical("trim native heap", java.time.Duration.ZERO, () -> {
            trims[0]++;
            throw new IllegalStateException("not supported here");
        });
        usage = 1950 * MB;
        run(b, 3, () -> { });                          // CRITICAL, and staying there: once
        usage = 1000 * MB;
        run(b, 1, () -> { });
        usage = 1950 * MB;
        run(b, 1, () -> { });                          // CRITICAL again within the hour
        assertThat(dumps[0]).isEqualTo(1);
        assertThat(trims[0]).isEqualTo(2);
        assertThat(b.getLastActions()).hasSize(4);
        assertThat(b.getLastActions().get(0)).endsWith(" heap dump: wrote dump-1");
        assertThat(b.getLastActions().get(1)).endsWith(" trim native heap: failed: not supported here");
        assertThat(b.getLastActions().get(2)).endsWith(" heap dump: not run, it ran 40 s ago (at most once per 60 min)");
    }

    @Test
    void thresholdsAreValidated() {
        MemoryBudget b = budget();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.setHeadroomThresholds(5, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 < critical < warning < 100");
        assertThat(b.getHeadroomWarningPercent()).isEqualTo(10);
    }
}
