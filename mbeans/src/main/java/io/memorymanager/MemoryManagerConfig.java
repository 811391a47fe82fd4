package io.memorymanager;

import io.memorymanager.monitor.MonitorSettings;
import io.memorymanager.profile.ProfilerSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link MemoryManager} is set up. Defaults: {@link MonitorSettings#defaults()}, and a system memory
 * reading reused for 500 ms.
 *
 * @param monitor the monitor's interval, history size and thresholds
 * @param systemCacheDuration how long one reading of the operating system serves all attributes, 0 to 1 minute
 * @param profiler where the profiler writes and how often it may pause the application
 */
public record MemoryManagerConfig(MonitorSettings monitor, Duration systemCacheDuration, ProfilerSettings profiler) {

    public MemoryManagerConfig {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(profiler, "profiler");
        Objects.requireNonNull(systemCacheDuration, "systemCacheDuration");
        if (systemCacheDuration.isNegative() || systemCacheDuration.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException(
                    "systemCacheDuration must be between 0 and 1 minute, was " + systemCacheDuration);
        }
    }

    public static MemoryManagerConfig defaults() {
        return new MemoryManagerConfig(MonitorSettings.defaults(), Duration.ofMillis(500), ProfilerSettings.defaults());
    }

    public MemoryManagerConfig withMonitor(MonitorSettings settings) {
        return new MemoryManagerConfig(settings, systemCacheDuration, profiler);
    }

    public MemoryManagerConfig withSystemCacheDuration(Duration duration) {
        return new MemoryManagerConfig(monitor, duration, profiler);
    }

    public MemoryManagerConfig withProfiler(ProfilerSettings settings) {
        return new MemoryManagerConfig(monitor, systemCacheDuration, settings);
    }
}
