package io.memorymanager.leak;

/**
 * A class whose instances grow while the heap floor does, from class histograms taken after suspicion.
 *
 * @param application whether it is the application's class (ranked above JDK classes that grow alongside)
 * @param confidence 0-1: how steadily it grew across the histograms
 */
public record Suspect(String className, double instancesPerMinute, double bytesPerMinute, long instances,
        boolean application, double confidence) {
}
