package io.memorymanager.profile;

/**
 * One class in a heap histogram.
 *
 * @param className the class name as the JVM prints it ({@code [B}, {@code java.lang.String},
 *     {@code com.acme.Foo$$Lambda/0x0000...}), without module
 * @param module the defining module ({@code java.base@17.0.15}), empty for the unnamed module
 * @param sharePercent bytes in percent of all bytes in the histogram (0-100)
 */
public record ClassHistogramEntry(int rank, String className, String module, long instances, long bytes,
        double sharePercent) {
}
