package io.memorymanager.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.memorymanager.MemoryManager;
import io.memorymanager.monitor.PressureLevel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PressureReactionsTest {

    @Test
    void reactionsFireOncePerRiseToTheirLevelAndAFailureDoesNotStopTheOthers() {
        try (PressureReactions reactions = new PressureReactions()) {
            List<String> ran = new CopyOnWriteArrayList<>();
            reactions.register("trim caches", PressureLevel.HIGH, () -> ran.add("trim"));
            reactions.register("broken", PressureLevel.HIGH, () -> {
                throw new IllegalStateException("boom");
            });
            reactions.register("clear caches", PressureLevel.CRITICAL, () -> ran.add("clear"));

            reactions.levelChanged(PressureLevel.ELEVATED);
            reactions.levelChanged(PressureLevel.HIGH);
            await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);
            reactions.levelChanged(PressureLevel.HIGH);          // no change: nothing more
            reactions.levelChanged(PressureLevel.CRITICAL);      // HIGH already reached: only the CRITICAL one
            await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 2);
            reactions.levelChanged(PressureLevel.HIGH);          // falling: nothing
            reactions.levelChanged(PressureLevel.NORMAL);
            reactions.levelChanged(PressureLevel.CRITICAL);      // a rise past both
            await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 4);
            assertThat(ran).containsExactly("trim", "clear", "trim", "clear");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(reactions.status())
                    .filteredOn(s -> s.name().equals("broken")).singleElement().satisfies(s -> {
                        assertThat(s.runCount()).isEqualTo(2);
                        assertThat(s.failureCount()).isEqualTo(2);
                        assertThat(s.lastError()).contains("boom");
                    }));
            assertThat(reactions.status()).filteredOn(s -> s.name().equals("trim caches")).singleElement()
                    .satisfies(s -> {
                        assertThat(s.level()).isEqualTo("HIGH");
                        assertThat(s.runCount()).isEqualTo(2);
                        assertThat(s.lastRunMillis()).isPositive();
                        assertThat(s.lastError()).isEmpty();
                    });
        }
    }

    @Test
    void registrationIsValidated() {
        try (PressureReactions reactions = new PressureReactions()) {
            assertThatThrownBy(() -> reactions.register("x", PressureLevel.NORMAL, () -> { }))
                    .hasMessage("a reaction needs a level above NORMAL, was NORMAL");
            reactions.register("x", PressureLevel.HIGH, () -> { });
            assertThatThrownBy(() -> reactions.register("x", PressureLevel.HIGH, () -> { }))
                    .hasMessage("a reaction named 'x' is already registered");
        }
    }

    @Test
    void theMonitorsLevelChangesDriveTheReactionsOffItsThread() {
        try (MemoryManager mm = MemoryManager.install()) {
            AtomicInteger runs = new AtomicInteger();
            List<String> threads = new CopyOnWriteArrayList<>();
            mm.onPressure(PressureLevel.HIGH, "count", () -> {
                runs.incrementAndGet();
                threads.add(Thread.currentThread().getName());
            });
            // Any machine uses more than 0.5% of its memory: system pressure becomes HIGH.
            mm.monitor().setThresholds("system", 0.5, 99.99);
            mm.monitor().sampleNow();
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
            mm.monitor().sampleNow();
            mm.monitor().sampleNow();
            assertThat(mm.health().getReactions()).singleElement().satisfies(s -> assertThat(s.runCount()).isEqualTo(1));
            assertThat(runs).hasValue(1);
            assertThat(threads).containsExactly("memory-manager-reactions");
            assertThat(mm.health().getStatus()).isIn(HealthStatus.DEGRADED, HealthStatus.DOWN);
            assertThat(mm.health().getReasons()).anySatisfy(r -> assertThat(r).startsWith("memory pressure is"));
        }
    }
}
