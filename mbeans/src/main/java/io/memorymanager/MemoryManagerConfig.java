package io.memorymanager;

import io.memorymanager.monitor.MonitorSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link MemoryManager} is set up. Defaults: {@link MonitorSettings#defaults()}, and a system memory
 * reading reused for 500 ms.
 *
 * @param monitor the monitor's interval, history size and thresholds
 * @param systemCacheDuration how long one reading of the operating system serves all attributes, 0 to 1 minute
 */
public record MemoryManagerConfig(MonitorSettings monitor, Duration systemCacheDuration) {

    public MemoryManagerConfig {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(systemCacheDuration, "systemCacheDuration");
        if (systemCacheDuration.isNegative() || systemCacheDuration.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException(
                    "systemCacheDuration must be between 0 and 1 minute, was " + systemCacheDuration);
        }
    }

    public static MemoryManagerConfig defaults() {
        return new MemoryManagerConfig(MonitorSettings.defaults(), Duration.ofMillis(500));
    }

    public MemoryManagerConfig withMonitor(MonitorSettings settings) {
        return new MemoryManagerConfig(settings, systemCacheDuration);
    }

    public MemoryManagerConfig withSystemCacheDuration(Duration duration) {
        return new MemoryManagerConfig(monitor, duration);
    }
}
