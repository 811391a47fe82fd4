package io.memorymanager.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memorymanager.breaker.BreakerState;
import io.memorymanager.breaker.CircuitBreaker;
import io.memorymanager.breaker.MemoryLimitExceededException;
import io.memorymanager.budget.BudgetLevel;
import io.memorymanager.internal.ObjectNames;
import io.memorymanager.leak.Finding;
import io.memorymanager.leak.Severity;
import io.memorymanager.monitor.PressureLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthTest {

    private final AtomicReference<PressureLevel> pressure = new AtomicReference<>(PressureLevel.NORMAL);
    private final AtomicReference<Severity> leak = new AtomicReference<>(Severity.NONE);
    private final AtomicReference<String> cause = new AtomicReference<>("");
    private final List<CircuitBreaker> breakers = new ArrayList<>();
    private final AtomicReference<BudgetLevel> budget = new AtomicReference<>(BudgetLevel.NORMAL);
    private final Health health = new Health(pressure::get, cause::get, this::findings, () -> breakers,
            budget::get, () -> "150 MB (7.3%) left under the 2.0 GB limit", new PressureReactions());

    // the detector's findings: one THREADS finding as calm as can be, and HEAP at the severity under test
    private List<Finding> findings() {
        return List.of(new Finding("THREADS", Severity.INFO, 30, 1.2, 0.99, 0, "Live threads grow 1.2 threads/min", ""),
                new Finding("HEAP", leak.get(), 60, 1_440_000, 0.999, 0, "Heap floor grows 1.4 MB/min (95% CI 1.3 MB "
                        + "to 1.5 MB, p = < 0.0001) over 8 min 9 s, now 18.9 MB; at this rate it reaches the limit of "
                        + "1.0 GB in 12.3 h", ""));
    }

    @Test
    void upWhenNothingIsWrong() {
        pressure.set(PressureLevel.ELEVATED);
        leak.set(Severity.INFO);
        assertThat(health.getStatus()).isEqualTo(HealthStatus.UP);
        assertThat(health.getReasons()).isEmpty();
    }

    @Test
    void degradedForHighPressureALeakWarningOrLittleContainerHeadroom() {
        pressure.set(PressureLevel.HIGH);
        assertThat(health.verdict()).isEqualTo(new Health.Verdict(HealthStatus.DEGRADED, List.of("memory pressure is HIGH")));
        cause.set("Heap after GC at 91.2% (warning 85.0%, critical 95.0%)");
        assertThat(health.getReasons())
                .containsExactly("memory pressure is HIGH: Heap after GC at 91.2% (warning 85.0%, critical 95.0%)");
        cause.set("");
        pressure.set(PressureLevel.NORMAL);
        leak.set(Severity.WARNING);
        assertThat(health.getReasons()).containsExactly("leak detector: HEAP WARNING: Heap floor grows 1.4 MB/min");
        leak.set(Severity.INFO);
        assertThat(health.getStatus()).as("an INFO finding is no reason").isEqualTo(HealthStatus.UP);
        leak.set(Severity.NONE);
        budget.set(BudgetLevel.WARNING);
        assertThat(health.getStatus()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(health.getReasons())
                .containsExactly("memory budget WARNING: 150 MB (7.3%) left under the 2.0 GB limit");
        budget.set(BudgetLevel.CRITICAL);
        assertThat(health.getStatus()).isEqualTo(HealthStatus.DOWN);
        budget.set(BudgetLevel.NORMAL);
    }

    @Test
    void downWhenABreakerIsOpenOrPressureIsCriticalWithEveryReason() {
        AtomicLong heap = new AtomicLong(95);
        CircuitBreaker b = new CircuitBreaker("uploads", 80, heap::get, 100, null, ObjectNames.of("CircuitBreaker", "h"));
        breakers.add(b);
        assertThatThrownBy(() -> b.check(1)).isInstanceOf(MemoryLimitExceededException.class)
                .hasMessageContaining("uploads");
        assertThat(b.getState()).isEqualTo(BreakerState.OPEN);
        leak.set(Severity.CRITICAL);
        assertThat(health.getStatus()).isEqualTo(HealthStatus.DOWN);
        assertThat(health.getReasons()).hasSize(2);
        assertThat(health.getReasons().get(0)).startsWith("circuit breaker 'uploads' is OPEN: heap after GC");
        assertThat(health.getReasons().get(1)).isEqualTo("leak detector: HEAP CRITICAL: Heap floor grows 1.4 MB/min");
        breakers.clear();
        pressure.set(PressureLevel.CRITICAL);
        assertThat(health.getStatus()).isEqualTo(HealthStatus.DOWN);
    }
}
