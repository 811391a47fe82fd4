package io.memorymanager.leak;

import io.memorymanager.jvm.JvmMemory;
import io.memorymanager.profile.ClassHistogramEntry;
import io.memorymanager.profile.Profiler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the leak detector reads; the platform implementation, or a synthetic one in tests. */
public interface LeakSources {

    /** The live-set floor of the heap for a detector judging a window of {@code windowMillis}; -1 when not known yet. */
    long heapFloorBytes(long windowMillis);

    /** The maximum heap, or -1. */
    long maxHeapBytes();

    int threadCount();

    /** Live threads by name with digits stripped ({@code pool-#-thread-#}). */
    Map<String, Integer> threadGroups();

    int loadedClassCount();

    long unloadedClassCount();

    /** Direct and mapped buffer memory. */
    long directBufferBytes();

    /** The top classes by bytes after a full GC; throws IllegalStateException when refused (rate limit). */
    List<ClassHistogramEntry> histogram();

    /** How long the last histogram paused the application, -1 before the first. */
    long lastHistogramPauseMillis();

    /** Stops following whatever the sources follow (GC notifications). */
    default void close() {
    }

    /**
     * This JVM. The floor is the bottom of the old generation's sawtooth ({@link SawtoothFloor}) where the
     * collectors report one, else the live-set floor of {@link JvmMemory}.
     */
    static LeakSources platform(JvmMemory jvm, Profiler profiler) {
        SawtoothFloor sawtooth = SawtoothFloor.platform();
        return new LeakSources() {
            @Override
            public long heapFloorBytes(long windowMillis) {
                long floor = sawtooth == null ? -1 : sawtooth.floorBytes(windowMillis / 4);
                return floor >= 0 ? floor : jvm.getOldGenUsedAfterGcBytes();
            }

            @Override
            public long maxHeapBytes() {
                return jvm.getHeapMaxBytes();
            }

            @Override
            public int threadCount() {
                return jvm.getThreadCount();
            }

            @Override
            public Map<String, Integer> threadGroups() {
                Map<String, Integer> groups = new HashMap<>();
                for (ThreadInfo info : ManagementFactory.getThreadMXBean()
                        .getThreadInfo(ManagementFactory.getThreadMXBean().getAllThreadIds())) {
                    if (info != null) {
                        groups.merge(info.getThreadName().replaceAll("\\d+", "#"), 1, Integer::sum);
                    }
                }
                return groups;
            }

            @Override
            public int loadedClassCount() {
                return jvm.getLoadedClassCount();
            }

            @Override
            public long unloadedClassCount() {
                return ManagementFactory.getClassLoadingMXBean().getUnloadedClassCount();
            }

            @Override
            public long directBufferBytes() {
                return Math.max(0, jvm.getDirectBufferBytes()) + Math.max(0, jvm.getMappedBufferBytes());
            }

            @Override
            public List<ClassHistogramEntry> histogram() {
                return profiler.classHistogram(1000);
            }

            @Override
            public long lastHistogramPauseMillis() {
                return profiler.getLastHistogramPauseMillis();
            }

            @Override
            public void close() {
                if (sawtooth != null) {
                    sawtooth.close();
                }
            }
        };
    }
}
