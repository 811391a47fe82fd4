package io.memorymanager.profile;

/**
 * How one class changed between two histograms; rates are per minute of wall time between them.
 */
public record ClassGrowth(String className, long instancesDelta, long bytesDelta, double instancesPerMinute,
        double bytesPerMinute, long instances, long bytes) {
}
