package io.memorymanager.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memorymanager.ManualClock;
import io.memorymanager.cache.CacheRegistry;
import io.memorymanager.cache.SoftCache;
import io.memorymanager.internal.ObjectNames;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final long MB = 1 << 20;
    private final AtomicLong heapAfterGc = new AtomicLong(50 * MB);
    private final ManualClock clock = new ManualClock(1_000_000);
    private final CacheRegistry caches = new CacheRegistry(ManagementFactory.getPlatformMBeanServer());
    private final List<Notification> notifications = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        caches.close();
    }

    /** 100 MB maximum heap, limit 80%. */
    private CircuitBreaker breaker() {
        CircuitBreaker b = new CircuitBreaker("uploads", 80, heapAfterGc::get, 100 * MB, caches,
                ObjectNames.of("CircuitBreaker", "uploads"), clock);
        b.addNotificationListener((n, h) -> notifications.add(n), null, null);
        return b;
    }

    @Test
    void requestThatWouldPassTheLimitIsRefusedWithTheFiguresAndTheBreakerOpens() {
        CircuitBreaker b = breaker();
        b.check(20 * MB);                                     // 50 + 20 = 70 MB <= 80 MB
        assertThat(b.getState()).isEqualTo(BreakerState.CLOSED);
        assertThatThrownBy(() -> b.check(40 * MB))
                .isInstanceOfSatisfying(MemoryLimitExceededException.class, e -> {
                    assertThat(e.breaker()).isEqualTo("uploads");
                    assertThat(e.requestedBytes()).isEqualTo(40 * MB);
                    assertThat(e.judgedBytes()).isEqualTo(90 * MB);
                    assertThat(e.limitBytes()).isEqualTo(80 * MB);
                })
                .hasMessageContaining("heap after GC 50.0 MB + in flight 0.0 MB + request 40.0 MB = 90.0 MB would pass "
                        + "the limit 80.0 MB (80% of 100.0 MB)");
        assertThat(b.getState()).isEqualTo(BreakerState.OPEN);
        assertThat(b.getTripCount()).isEqualTo(1);
        assertThat(b.getLastTripReason()).contains("would pass the limit");
        CompositeData payload = (CompositeData) notifications.get(0).getUserData();
        assertThat(payload.get("state")).isEqualTo("OPEN");
        assertThat(payload.get("limitBytes")).isEqualTo(80 * MB);

        // The heap itself (50 MB) is under the limit minus the hysteresis: the next request finds it so and resets.
        b.check(MB);
        assertThat(b.getState()).isEqualTo(BreakerState.CLOSED);

        heapAfterGc.set(78 * MB);
        assertThatThrownBy(() -> b.check(5 * MB)).isInstanceOf(MemoryLimitExceededException.class);
        assertThatThrownBy(() -> b.check(1)).as("OPEN, and 78 MB is above 75 MB: even a small request is refused")
                .isInstanceOf(MemoryLimitExceededException.class).hasMessageContaining("the breaker is OPEN since");
        assertThat(b.getRefusedCount()).isEqualTo(3);
        assertThat(b.getTripCount()).isEqualTo(2);
        assertThat(notifications).extracting(Notification::getType)
                .containsExactly(CircuitBreaker.TRIPPED, CircuitBreaker.RESET, CircuitBreaker.TRIPPED);
    }

    @Test
    void openBreakerResetsOnlyBelowTheLimitMinusTheHysteresis() {
        CircuitBreaker b = breaker();
        heapAfterGc.set(79 * MB);
        assertThatThrownBy(() -> b.check(2 * MB)).isInstanceOf(MemoryLimitExceededException.class);
        heapAfterGc.set(77 * MB);                             // under the limit, not under 75 MB: stays OPEN
        assertThat(b.evaluate()).isEqualTo(BreakerState.OPEN);
        assertThatThrownBy(() -> b.check(0)).isInstanceOf(MemoryLimitExceededException.class);
        heapAfterGc.set(74 * MB);
        assertThat(b.evaluate()).isEqualTo(BreakerState.CLOSED);
        b.check(MB);
        assertThat(notifications).extracting(Notification::getType)
                .containsExactly(CircuitBreaker.TRIPPED, CircuitBreaker.RESET);
        assertThat(b.getTripCount()).isEqualTo(1);
    }

    @Test
    void reservationsCountAsInFlightUntilClosedOnce() {
        CircuitBreaker b = breaker();
        CircuitBreaker.Reservation r = b.reserve(20 * MB);
        assertThat(b.getEstimatedInFlightBytes()).isEqualTo(20 * MB);
        assertThatThrownBy(() -> b.reserve(15 * MB)).as("50 + 20 in flight + 15 > 80")
                .isInstanceOf(MemoryLimitExceededException.class);
        assertThat(b.getEstimatedInFlightBytes()).as("a refused reservation adds nothing").isEqualTo(20 * MB);
        r.close();
        r.close();
        assertThat(b.getEstimatedInFlightBytes()).isZero();
        assertThatThrownBy(() -> b.check(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("estimatedBytes must be >= 0, was -1");
    }

    @Test
    void cachesAreShedFirstAndTheRequestGoesThroughWhenThatIsEnough() {
        SoftCache<Integer, byte[]> cache = new SoftCache<>(v -> 16 * MB);
        cache.put(1, new byte[1]);
        caches.register("renders", cache);
        CircuitBreaker b = breaker();
        b.check(40 * MB);                                     // 90 MB judged, the cache says it frees 16: 74 MB
        assertThat(b.getState()).isEqualTo(BreakerState.CLOSED);
        assertThat(b.getShedCount()).isEqualTo(1);
        assertThat(cache.size()).isZero();

        cache.put(2, new byte[1]);
        clock.advance(CircuitBreaker.SHED_INTERVAL_MILLIS);
        assertThatThrownBy(() -> b.check(60 * MB)).as("110 - 16 is still over").hasMessageContaining(
                "cleared 1 caches first (~16.0 MB by their estimates)");
        assertThat(b.getShedCount()).isEqualTo(2);
        assertThat(b.getState()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void cachesAreNotShedMoreOftenThanTheIntervalNorWhenSheddingIsOff() {
        SoftCache<Integer, byte[]> cache = new SoftCache<>(v -> 16 * MB);
        caches.register("renders", cache);
        CircuitBreaker b = breaker();
        b.setShedCachesFirst(false);
        cache.put(1, new byte[1]);
        assertThatThrownBy(() -> b.check(40 * MB)).isInstanceOf(MemoryLimitExceededException.class);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(b.getShedCount()).isZero();
    }

    @Test
    void settingsAreValidated() {
        CircuitBreaker b = breaker();
        assertThatThrownBy(() -> b.setLimitPercent(100)).hasMessage("limitPercent must be between 10 and 99, was 100.0");
        assertThatThrownBy(() -> b.setLimitPercent(Double.NaN)).hasMessageContaining("was NaN");
        assertThatThrownBy(() -> b.setHysteresisPercent(60)).hasMessage("hysteresisPercent must be between 0 and 50, was 60.0");
        assertThat(b.getLimitPercent()).isEqualTo(80);
        b.setLimitPercent(50);
        assertThat(b.getLimitBytes()).isEqualTo(50 * MB);
        assertThatThrownBy(() -> new CircuitBreaker("x", 80, () -> 0, -1, null, null))
                .hasMessageContaining("maxHeapBytes must be > 0");
    }
}
