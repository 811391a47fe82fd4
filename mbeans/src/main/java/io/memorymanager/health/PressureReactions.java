package io.memorymanager.health;

import io.memorymanager.internal.DaemonThreads;
import io.memorymanager.monitor.PressureLevel;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the application wants done when memory pressure rises: a reaction registered for a level runs once each
 * time the monitor's level goes from below that level to it or above (NORMAL to CRITICAL runs the HIGH and the
 * CRITICAL reactions; CRITICAL back to HIGH runs nothing). Reactions run one after another on their own daemon
 * thread, never on the monitor's sampler, and a reaction that throws is logged and recorded without keeping the
 * others from running.
 */
public final class PressureReactions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PressureReactions.class);

    private final List<Reaction> reactions = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;
    private final Clock clock;
    private volatile PressureLevel level = PressureLevel.NORMAL;

    private static final class Reaction {
        final String name;
        final PressureLevel level;
        final Runnable action;
        volatile long runs;
        volatile long failures;
        volatile long lastRunMillis = -1;
        volatile String lastError = "";

        Reaction(String name, PressureLevel level, Runnable action) {
            this.name = name;
            this.level = level;
            this.action = action;
        }
    }

    public PressureReactions() {
        this(Clock.systemUTC());
    }

    PressureReactions(Clock clock) {
        this.clock = clock;
        this.executor = DaemonThreads.scheduler("memory-manager-reactions");
    }

    /** A registered reaction; closing it removes it. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Runs {@code action} each time pressure rises to {@code level} or above.
     *
     * @throws IllegalArgumentException for NORMAL (nothing rises to it) or a name already taken
     */
    public Registration register(String name, PressureLevel level, Runnable action) {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(action, "action");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("reaction name must not be blank");
        }
        if (level == PressureLevel.NORMAL) {
            throw new IllegalArgumentException("a reaction needs a level above NORMAL, was NORMAL");
        }
        Reaction r = new Reaction(name, level, action);
        synchronized (reactions) {
            if (reactions.stream().anyMatch(x -> x.name.equals(name))) {
                throw new IllegalArgumentException("a reaction named '" + name + "' is already registered");
            }
            reactions.add(r);
        }
        return () -> reactions.remove(r);
    }

    /** Called by the monitor when the level changes: schedules the reactions the rise reaches. */
    public void levelChanged(PressureLevel now) {
        PressureLevel before = level;
        level = now;
        for (Reaction r : reactions) {
            if (before.compareTo(r.level) < 0 && now.compareTo(r.level) >= 0) {
                executor.execute(() -> run(r));
            }
        }
    }

    private void run(Reaction r) {
        r.lastRunMillis = clock.millis();
        r.runs++;
        try {
            r.action.run();
            r.lastError = "";
        } catch (RuntimeException | LinkageError e) {
            r.failures++;
            r.lastError = e.toString();
            LOG.warn("Pressure reaction '{}' failed: {}", r.name, e.toString());
        }
    }

    /** Every reaction with when it last ran. */
    public List<ReactionStatus> status() {
        return reactions.stream().map(r -> new ReactionStatus(r.name, r.level.name(), r.runs, r.lastRunMillis,
                r.failures, r.lastError)).toList();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
