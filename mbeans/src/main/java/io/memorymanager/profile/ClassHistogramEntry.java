package io.memorymanager.profile;

import io.memorymanager.internal.ClassNames;
import io.memorymanager.internal.Round;

/**
 * One class in a heap histogram.
 *
 * @param className the class as Java writes it ({@code byte[]}, {@code java.lang.Object[]},
 *     {@code com.acme.Foo$$Lambda/0x0000...} for a hidden class), without module
 * @param descriptor the name as the JVM prints it ({@code [B}, {@code [Ljava.lang.Object;})
 * @param module the defining module ({@code java.base@17.0.15}), empty for the unnamed module
 * @param sharePercent bytes in percent of all bytes in the histogram (0-100, rounded to 0.1)
 */
public record ClassHistogramEntry(int rank, String className, String descriptor, String module, long instances,
        long bytes, double sharePercent) {

    /** The entry for a class the JVM names {@code jvmName}. */
    public static ClassHistogramEntry of(int rank, String jvmName, String module, long instances, long bytes,
            double sharePercent) {
        return new ClassHistogramEntry(rank, ClassNames.javaName(jvmName), jvmName, module, instances, bytes,
                Round.percent(sharePercent));
    }
}
