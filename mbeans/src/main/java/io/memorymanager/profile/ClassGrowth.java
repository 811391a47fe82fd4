package io.memorymanager.profile;

import io.memorymanager.internal.ClassNames;
import io.memorymanager.internal.Round;

/**
 * How one class changed between two histograms; rates are per minute of wall time between them.
 */
public record ClassGrowth(String className, long instancesDelta, long bytesDelta, double instancesPerMinute,
        double bytesPerMinute, long instances, long bytes) {

    public ClassGrowth {
        className = ClassNames.javaName(className);
        instancesPerMinute = Round.count(instancesPerMinute);
        bytesPerMinute = Round.bytes(bytesPerMinute);
    }
}
