package io.memorymanager.health;

import io.memorymanager.breaker.BreakerState;
import io.memorymanager.breaker.CircuitBreaker;
import io.memorymanager.budget.BudgetLevel;
import io.memorymanager.leak.Finding;
import io.memorymanager.leak.Severity;
import io.memorymanager.monitor.PressureLevel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/** {@link HealthMXBean}, derived on each read from the parts it watches; it keeps no state of its own. */
public final class Health implements HealthMXBean {

    private final Supplier<PressureLevel> pressure;
    private final Supplier<? extends Collection<Finding>> leak;
    private final Supplier<String> pressureCause;
    private final Supplier<? extends Collection<CircuitBreaker>> breakers;
    private final Supplier<BudgetLevel> budget;
    private final Supplier<String> budgetReason;
    private final PressureReactions reactions;

    /**
     * @param pressureCause what set the pressure level, in words (empty when unknown)
     * @param leak the leak detector's findings: those at WARNING or worse degrade health, each named
     * @param budget the memory budget's level against the cgroup limit, and {@code budgetReason} what set it
     */
    public Health(Supplier<PressureLevel> pressure, Supplier<String> pressureCause,
            Supplier<? extends Collection<Finding>> leak, Supplier<? extends Collection<CircuitBreaker>> breakers,
            Supplier<BudgetLevel> budget, Supplier<String> budgetReason, PressureReactions reactions) {
        this.pressure = pressure;
        this.pressureCause = pressureCause;
        this.leak = leak;
        this.breakers = breakers;
        this.budget = budget;
        this.budgetReason = budgetReason;
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
        BudgetLevel b = budget.get();
        if (b == BudgetLevel.CRITICAL) {
            down.add("memory budget CRITICAL: " + budgetReason.get());
        } else if (b == BudgetLevel.WARNING) {
            degraded.add("memory budget WARNING: " + budgetReason.get());
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
