package io.memorymanager.health;

import io.memorymanager.breaker.BreakerState;
import io.memorymanager.breaker.CircuitBreaker;
import io.memorymanager.leak.Finding;
import io.memorymanager.leak.Severity;
import io.memorymanager.monitor.PressureLevel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/** {@link HealthMXBean}, derived on each read from the parts it watches; it keeps no state of its own. */
public final class Health implements HealthMXBean {

    static final double MIN_CONTAINER_HEADROOM_PERCENT = 10;

    private final Supplier<PressureLevel> pressure;
    private final Supplier<? extends Collection<Finding>> leak;
    private final Supplier<String> pressureCause;
    private final Supplier<? extends Collection<CircuitBreaker>> breakers;
    private final DoubleSupplier containerUsedPercent;
    private final PressureReactions reactions;

    /**
     * @param pressureCause what set the pressure level, in words (empty when unknown)
     * @param leak the leak detector's findings: those at WARNING or worse degrade health, each named
     * @param containerUsedPercent the container's memory use in percent of its limit, negative when there is none
     */
    public Health(Supplier<PressureLevel> pressure, Supplier<String> pressureCause,
            Supplier<? extends Collection<Finding>> leak, Supplier<? extends Collection<CircuitBreaker>> breakers,
            DoubleSupplier containerUsedPercent, PressureReactions reactions) {
        this.pressure = pressure;
        this.pressureCause = pressureCause;
        this.leak = leak;
        this.breakers = breakers;
        this.containerUsedPercent = containerUsedPercent;
        this.reactions = reactions;
    }

    /** The status and its reasons, read together. */
    public record Verdict(HealthStatus status, List<String> reasons) {
    }

    public Verdict verdict() {
        List<String> down = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        for (CircuitBreaker b : breakers.get()) {
            if (b.getState() == BreakerState.OPEN) {
                down.add("circuit breaker '" + b.getName() + "' is OPEN: " + b.getLastTripReason());
            }
        }
        PressureLevel level = pressure.get();
        String cause = pressureCause.get();
        String because = cause == null || cause.isEmpty() ? "" : ": " + cause;
        if (level == PressureLevel.CRITICAL) {
            down.add("memory pressure is CRITICAL" + because);
        } else if (level == PressureLevel.HIGH) {
            degraded.add("memory pressure is HIGH" + because);
        }
        for (Finding f : leak.get()) {
            if (f.severity().compareTo(Severity.WARNING) >= 0) {
                degraded.add("leak detector: " + f.kind() + " " + f.severity() + ": " + headline(f.message()));
            }
        }
        double used = containerUsedPercent.getAsDouble();
        if (used >= 0 && 100 - used < MIN_CONTAINER_HEADROOM_PERCENT) {
            degraded.add(String.format("container memory headroom is %.1f%%", 100 - used));
        }
        List<String> reasons = new ArrayList<>(down);
        reasons.addAll(degraded);
        HealthStatus status = !down.isEmpty() ? HealthStatus.DOWN
                : !degraded.isEmpty() ? HealthStatus.DEGRADED : HealthStatus.UP;
        return new Verdict(status, List.copyOf(reasons));
    }

    // The finding's first clause, "Heap floor grows 1.4 MB/min", without its statistics and advice.
    private static String headline(String message) {
        int end = message.length();
        for (String stop : new String[] {" (", "; ", ": "}) {
            int at = message.indexOf(stop);
            if (at > 0) {
                end = Math.min(end, at);
            }
        }
        return message.substring(0, end);
    }

    @Override
    public HealthStatus getStatus() {
        return verdict().status();
    }

    @Override
    public List<String> getReasons() {
        return verdict().reasons();
    }

    @Override
    public List<ReactionStatus> getReactions() {
        return reactions.status();
    }
}
