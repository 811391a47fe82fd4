package io.memorymanager.jvm;

/**
 * One reading of the JVM's memory, taken at once ({@link JvmMemory#snapshot()}), so that a sample's figures come
 * from the same moment and each platform MXBean is asked once. Sizes in bytes; -1 where not known.
 *
 * @param nanos {@link System#nanoTime()} (or the test clock) when it was taken
 * @param oldGenUsedAfterGcBytes the live-set floor: the old pool right after the last collection that tells it
 * @param allocatedBytes heap bytes allocated by all threads since the JVM started
 * @param gcMillis time spent in collections since the JVM started
 */
public record JvmSnapshot(long nanos, long heapUsedBytes, long heapMaxBytes, long oldGenUsedAfterGcBytes,
        int threadCount, long allocatedBytes, long gcMillis) {

    /** The floor in percent of the maximum heap, unrounded; -1 when either is unknown. */
    public double heapAfterGcPercent() {
        return JvmMemory.percentOfMax(oldGenUsedAfterGcBytes, heapMaxBytes);
    }
}
