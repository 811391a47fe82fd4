package io.memorymanager;

import io.memorymanager.monitor.MonitorSettings;
import io.memorymanager.profile.ProfilerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link MemoryManager} is set up. Defaults: {@link MonitorSettings#defaults()}, and a system memory
 * reading reused for 500 ms.
 *
 * @param monitor the monitor's interval, history size and thresholds
 * @param systemCacheDuration how long one reading of the operating system serves all attributes, 0 to 1 minute
 * @param profiler where the profiler writes and how often it may pause the application
 * @param leakWindow the leak detector's sliding window, 1 minute to 1 day (default 10 minutes)
 * @param leakSampleInterval time between the leak detector's samples (default 10 s)
 * @param optimizerCooldown how long each optimizer operation must wait after it last ran, 0 to 1 day (default 30 s)
 * @param cgroupRoot the directory standing for {@code /} when the memory budget reads cgroup files (default
 *     {@code /}; another one for tests and unusual mounts)
 * @param budgetActions what to do on the way into a CRITICAL memory budget, before a predicted OOM kill:
 *     {@code heapDump} (into the profiler's output directory, at most once an hour, only with room on the disk),
 *     {@code jfrDump} (what the running flight recordings hold, likewise), {@code trimNative}, {@code clearCaches};
 *     none by default
 */
public record MemoryManagerConfig(MonitorSettings monitor, Duration systemCacheDuration, ProfilerSettings profiler,
        Duration leakWindow, Duration leakSampleInterval, Duration optimizerCooldown, Path cgroupRoot,
        Set<String> budgetActions) {

    /** The shortest and longest leak window, in seconds; the agent's {@code leakWindowSeconds} has the same range. */
    public static final long MIN_LEAK_WINDOW_SECONDS = 60;
    public static final long MAX_LEAK_WINDOW_SECONDS = 86_400;
    /** The shortest time between the leak detector's samples; the longest is an eighth of the window. */
    public static final long MIN_LEAK_SAMPLE_MILLIS = 10;
    /** The time between samples unless told otherwise: 10 s, or an eighth of a shorter window. */
    public static Duration defaultLeakSampleInterval(Duration window) {
        return Duration.ofMillis(Math.min(10_000, maxLeakSampleMillis(window)));
    }

    /** The longest time between the leak detector's samples for {@code window}: an eighth of it. */
    public static long maxLeakSampleMillis(Duration window) {
        return window.toMillis() / 8;
    }

    /** The actions {@link #budgetActions} may name. */
    public static final Set<String> BUDGET_ACTIONS = Set.of("heapDump", "jfrDump", "trimNative", "clearCaches");

    public MemoryManagerConfig {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(profiler, "profiler");
        Objects.requireNonNull(leakWindow, "leakWindow");
        Objects.requireNonNull(leakSampleInterval, "leakSampleInterval");
        if (leakWindow.getSeconds() < MIN_LEAK_WINDOW_SECONDS || leakWindow.getSeconds() > MAX_LEAK_WINDOW_SECONDS) {
            throw new IllegalArgumentException("leakWindow must be between 1 minute and 1 day, was " + leakWindow);
        }
        if (leakSampleInterval.toMillis() < MIN_LEAK_SAMPLE_MILLIS
                || leakSampleInterval.toMillis() > maxLeakSampleMillis(leakWindow)) {
            throw new IllegalArgumentException("leakSampleInterval must be between 10 ms and an eighth of the "
                    + "leak window, was " + leakSampleInterval);
        }
        Objects.requireNonNull(optimizerCooldown, "optimizerCooldown");
        if (optimizerCooldown.isNegative() || optimizerCooldown.getSeconds() > 86_400) {
            throw new IllegalArgumentException("optimizerCooldown must be between 0 and 1 day, was " + optimizerCooldown);
        }
        Objects.requireNonNull(cgroupRoot, "cgroupRoot");
        budgetActions = Set.copyOf(Objects.requireNonNull(budgetActions, "budgetActions"));
        for (String action : budgetActions) {
            if (!BUDGET_ACTIONS.contains(action)) {
                throw new IllegalArgumentException("budget action must be one of clearCaches, heapDump, jfrDump, trimNative, "
                        + "was '" + action + "'");
            }
        }
        Objects.requireNonNull(systemCacheDuration, "systemCacheDuration");
        if (systemCacheDuration.isNegative() || systemCacheDuration.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException(
                    "systemCacheDuration must be between 0 and 1 minute, was " + systemCacheDuration);
        }
    }

    public static MemoryManagerConfig defaults() {
        return new MemoryManagerConfig(MonitorSettings.defaults(), Duration.ofMillis(500), ProfilerSettings.defaults(),
                Duration.ofMinutes(10), defaultLeakSampleInterval(Duration.ofMinutes(10)), Duration.ofSeconds(30),
                Path.of("/"),
                Set.of());
    }

    public MemoryManagerConfig withMonitor(MonitorSettings settings) {
        return new MemoryManagerConfig(settings, systemCacheDuration, profiler, leakWindow, leakSampleInterval,
                optimizerCooldown, cgroupRoot, budgetActions);
    }

    public MemoryManagerConfig withSystemCacheDuration(Duration duration) {
        return new MemoryManagerConfig(monitor, duration, profiler, leakWindow, leakSampleInterval,
                optimizerCooldown, cgroupRoot, budgetActions);
    }

    public MemoryManagerConfig withProfiler(ProfilerSettings settings) {
        return new MemoryManagerConfig(monitor, systemCacheDuration, settings, leakWindow, leakSampleInterval,
                optimizerCooldown, cgroupRoot, budgetActions);
    }

    /** The leak detector's sliding window and sampling interval (at least 8 samples per window). */
    public MemoryManagerConfig withLeakDetection(Duration window, Duration sampleInterval) {
        return new MemoryManagerConfig(monitor, systemCacheDuration, profiler, window, sampleInterval,
                optimizerCooldown, cgroupRoot, budgetActions);
    }

    /** Where the memory budget reads cgroup files: {@code root} stands for {@code /}. */
    public MemoryManagerConfig withCgroupRoot(Path root) {
        return new MemoryManagerConfig(monitor, systemCacheDuration, profiler, leakWindow, leakSampleInterval,
                optimizerCooldown, root, budgetActions);
    }

    /** What to do on the way into a CRITICAL memory budget ({@link #BUDGET_ACTIONS}). */
    public MemoryManagerConfig withBudgetActions(Set<String> actions) {
        return new MemoryManagerConfig(monitor, systemCacheDuration, profiler, leakWindow, leakSampleInterval,
                optimizerCooldown, cgroupRoot, actions);
    }

    /** How long each optimizer operation must wait after it last ran. */
    public MemoryManagerConfig withOptimizerCooldown(Duration cooldown) {
        return new MemoryManagerConfig(monitor, systemCacheDuration, profiler, leakWindow, leakSampleInterval, cooldown,
                cgroupRoot, budgetActions);
    }
}
