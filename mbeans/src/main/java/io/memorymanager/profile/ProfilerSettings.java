package io.memorymanager.profile;

import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link Profiler}.
 *
 * @param outputDirectory the only place the profiler writes: created owner-only (0700) when missing; an existing one
 *     must belong to this process's user and be writable by nobody else, or the operations needing it are refused
 * @param histogramMinInterval shortest time between two histograms (each pauses the application)
 * @param allocationWindow the sliding window of the allocation hot spots
 * @param maxRetainedFiles most files of one kind (dumps, recordings, stacks) kept in the output directory; a
 *     recording still running counts as kept
 * @param instrumentation when given (the agent has one), finds the classes of any loader for objectLayout
 */
public record ProfilerSettings(Path outputDirectory, Duration histogramMinInterval, Duration allocationWindow,
        int maxRetainedFiles, Instrumentation instrumentation) {

    public ProfilerSettings {
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        Objects.requireNonNull(histogramMinInterval, "histogramMinInterval");
        Objects.requireNonNull(allocationWindow, "allocationWindow");
        if (histogramMinInterval.isNegative() || histogramMinInterval.toMillis() > 3_600_000) {
            throw new IllegalArgumentException(
                    "histogramMinInterval must be between 0 and 1 hour, was " + histogramMinInterval);
        }
        if (allocationWindow.getSeconds() < 6 || allocationWindow.toHours() > 24) {
            throw new IllegalArgumentException(
                    "allocationWindow must be between 6 seconds and 24 hours, was " + allocationWindow);
        }
        if (maxRetainedFiles < 1 || maxRetainedFiles > 1000) {
            throw new IllegalArgumentException("maxRetainedFiles must be between 1 and 1000, was " + maxRetainedFiles);
        }
    }

    /**
     * {@code <java.io.tmpdir>/memory-manager-<pid>}, histograms at most every 10 s, a one-minute allocation
     * window, five files of each kind.
     */
    public static ProfilerSettings defaults() {
        return new ProfilerSettings(
                Path.of(System.getProperty("java.io.tmpdir"), "memory-manager-" + ProcessHandle.current().pid()),
                Duration.ofSeconds(10), Duration.ofMinutes(1), 5, null);
    }

    public ProfilerSettings withOutputDirectory(Path dir) {
        return new ProfilerSettings(dir, histogramMinInterval, allocationWindow, maxRetainedFiles, instrumentation);
    }

    public ProfilerSettings withHistogramMinInterval(Duration interval) {
        return new ProfilerSettings(outputDirectory, interval, allocationWindow, maxRetainedFiles, instrumentation);
    }

    public ProfilerSettings withMaxRetainedFiles(int n) {
        return new ProfilerSettings(outputDirectory, histogramMinInterval, allocationWindow, n, instrumentation);
    }

    public ProfilerSettings withInstrumentation(Instrumentation inst) {
        return new ProfilerSettings(outputDirectory, histogramMinInterval, allocationWindow, maxRetainedFiles, inst);
    }
}
