package io.memorymanager.spring;

import io.memorymanager.MemoryManagerConfig;
import io.memorymanager.monitor.Metric;
import io.memorymanager.monitor.MonitorSettings;
import io.memorymanager.monitor.Thresholds;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code memory-manager.*}: what the starter installs and how. Every setting left out keeps Memory Manager's
 * default; a value out of range fails the application's start with Memory Manager's own message.
 *
 * <pre>
 * memory-manager.monitor.heap-after-gc.warning-percent=80
 * memory-manager.leak.window=30m
 * memory-manager.breakers.uploads.limit-percent=85
 * memory-manager.jolokia.enabled=true
 * memory-manager.jolokia.options=host=127.0.0.1,port=8778
 * </pre>
 */
@ConfigurationProperties("memory-manager")
public class MemoryManagerProperties {

    /** Whether to install Memory Manager (or reuse the agent's) at all. */
    private boolean enabled = true;
    private final Monitor monitor = new Monitor();
    private final Leak leak = new Leak();
    /** Memory circuit breakers by name, each with the heap-after-GC percentage at which it opens. */
    private final Map<String, Breaker> breakers = new LinkedHashMap<>();
    private final Toggle metrics = new Toggle();
    private final Toggle health = new Toggle();
    private final Jolokia jolokia = new Jolokia();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Monitor getMonitor() {
        return monitor;
    }

    public Leak getLeak() {
        return leak;
    }

    public Map<String, Breaker> getBreakers() {
        return breakers;
    }

    public Toggle getMetrics() {
        return metrics;
    }

    public Toggle getHealth() {
        return health;
    }

    public Jolokia getJolokia() {
        return jolokia;
    }

    /** The configuration these properties describe, over Memory Manager's defaults. */
    public MemoryManagerConfig toConfig() {
        MemoryManagerConfig config = MemoryManagerConfig.defaults();
        MonitorSettings m = config.monitor();
        m = monitor.heapAfterGc.applyTo(m, Metric.HEAP_AFTER_GC, m.heapAfterGc());
        m = monitor.system.applyTo(m, Metric.SYSTEM, m.system());
        m = monitor.container.applyTo(m, Metric.CONTAINER, m.container());
        if (monitor.sampleInterval != null) {
            m = m.withSampleInterval(monitor.sampleInterval);
        }
        config = config.withMonitor(m);
        if (leak.window != null || leak.sampleInterval != null) {
            Duration window = leak.window != null ? leak.window : config.leakWindow();
            Duration sample = leak.sampleInterval != null ? leak.sampleInterval
                    : MemoryManagerConfig.defaultLeakSampleInterval(window);
            config = config.withLeakDetection(window, sample);
        }
        return config;
    }

    /** The Monitor's thresholds, in percent, and how often it samples. */
    public static class Monitor {
        /** How often the Monitor samples (default 1s). */
        private Duration sampleInterval;
        private final Levels heapAfterGc = new Levels();
        private final Levels system = new Levels();
        private final Levels container = new Levels();

        public Duration getSampleInterval() {
            return sampleInterval;
        }

        public void setSampleInterval(Duration sampleInterval) {
            this.sampleInterval = sampleInterval;
        }

        /** Heap after GC, in percent of the maximum heap (default 80 / 90). */
        public Levels getHeapAfterGc() {
            return heapAfterGc;
        }

        /** Physical memory in use (default 90 / 95). */
        public Levels getSystem() {
            return system;
        }

        /** Cgroup memory in use, in percent of its limit (default 85 / 95). */
        public Levels getContainer() {
            return container;
        }
    }

    /** A warning and a critical percentage; either left out keeps its default. */
    public static class Levels {
        private Double warningPercent;
        private Double criticalPercent;

        public Double getWarningPercent() {
            return warningPercent;
        }

        public void setWarningPercent(Double warningPercent) {
            this.warningPercent = warningPercent;
        }

        public Double getCriticalPercent() {
            return criticalPercent;
        }

        public void setCriticalPercent(Double criticalPercent) {
            this.criticalPercent = criticalPercent;
        }

        MonitorSettings applyTo(MonitorSettings settings, Metric metric, Thresholds defaults) {
            if (warningPercent == null && criticalPercent == null) {
                return settings;
            }
            return settings.withThresholds(metric, new Thresholds(
                    warningPercent != null ? warningPercent : defaults.warningPercent(),
                    criticalPercent != null ? criticalPercent : defaults.criticalPercent()));
        }
    }

    /** The leak detector's window and sampling. */
    public static class Leak {
        /** How far back growth is judged (default 10m; 1m to 24h). */
        private Duration window;
        /** How often it samples (default: a 60th of the window, at least 10 s). */
        private Duration sampleInterval;

        public Duration getWindow() {
            return window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }

        public Duration getSampleInterval() {
            return sampleInterval;
        }

        public void setSampleInterval(Duration sampleInterval) {
            this.sampleInterval = sampleInterval;
        }
    }

    /** One memory circuit breaker. */
    public static class Breaker {
        /** Heap after GC, in percent of the maximum heap, at which it opens. */
        private double limitPercent = 90;

        public double getLimitPercent() {
            return limitPercent;
        }

        public void setLimitPercent(double limitPercent) {
            this.limitPercent = limitPercent;
        }
    }

    /** A part that is on unless switched off. */
    public static class Toggle {
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The Jolokia bridge (HTTP JSON for Hawtio and scripts): off unless asked for. */
    public static class Jolokia {
        private boolean enabled;
        /** The agent's options, as after -javaagent:...=, e.g. host=127.0.0.1,port=8778. */
        private String options = "";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getOptions() {
            return options;
        }

        public void setOptions(String options) {
            this.options = options;
        }
    }
}
