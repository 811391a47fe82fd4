package io.memorymanager.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memorymanager.breaker.CircuitBreaker;
import io.memorymanager.internal.ObjectNames;
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
    private final List<CircuitBreaker> breakers = new ArrayList<>();
    private final AtomicReference<Double> container = new AtomicReference<>(-1.0);
    private final Health health = new Health(pressure::get, leak::get, () -> breakers, container::get,
            new PressureReactions());

    @Test
    void upWhenNothingIsWrong() {
        pressure.set(PressureLevel.ELEVATED);
        leak.set(Severity.INFO);
        container.set(50.0);
        assertThat(health.getStatus()).isEqualTo(HealthStatus.UP);
        assertThat(health.getReasons()).isEmpty();
    }

    @Test
    void degradedForHighPressureALeakWarningOrLittleContainerHeadroom() {
        pressure.set(PressureLevel.HIGH);
        assertThat(health.verdict()).isEqualTo(new Health.Verdict(HealthStatus.DEGRADED, List.of("memory pressure is HIGH")));
        pressure.set(PressureLevel.NORMAL);
        leak.set(Severity.WARNING);
        assertThat(health.getReasons()).containsExactly("the leak detector says WARNING");
        leak.set(Severity.NONE);
        container.set(93.5);
        assertThat(health.getStatus()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(health.getReasons()).containsExactly("container memory headroom is 6.5%");
    }

    @Test
    void downWhenABreakerIsOpenOrPressureIsCriticalWithEveryReason() {
        AtomicLong heap = new AtomicLong(95);
        CircuitBreaker b = new CircuitBreaker("uploads", 80, heap::get, 100, null, ObjectNames.of("CircuitBreaker", "h"));
        breakers.add(b);
        assertThatThrownBy(() -> b.check(1)).isNotNull();
        leak.set(Severity.CRITICAL);
        assertThat(health.getStatus()).isEqualTo(HealthStatus.DOWN);
        assertThat(health.getReasons()).hasSize(2);
        assertThat(health.getReasons().get(0)).startsWith("circuit breaker 'uploads' is OPEN: heap after GC");
        assertThat(health.getReasons().get(1)).isEqualTo("the leak detector says CRITICAL");
        breakers.clear();
        pressure.set(PressureLevel.CRITICAL);
        assertThat(health.getStatus()).isEqualTo(HealthStatus.DOWN);
    }
}
