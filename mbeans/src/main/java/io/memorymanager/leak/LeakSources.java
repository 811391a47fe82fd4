package io.memorymanager.leak;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.memorymanager.jvm.JvmMemory;
import io.memorymanager.profile.ClassHistogramEntry;
import io.memorymanager.profile.HistogramBaseline;
import io.memorymanager.profile.OwnClasses;
import io.memorymanager.profile.Profiler;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the leak detector reads; the platform implementation, or a synthetic one in tests. */
public interface LeakSources {

    /** The live-set floor of the heap for a detector judging a window of {@code windowMillis}; -1 when not known yet. */
    long heapFloorBytes(long windowMillis);

    /** The maximum heap, or -1. */
    long maxHeapBytes();

    /** Live threads, without Memory Manager's own ({@link #isOwnThread}). */
    int threadCount();

    /** Live threads by name with digits stripped ({@code pool-#-thread-#}), without Memory Manager's own. */
    Map<String, Integer> threadGroups();

    int loadedClassCount();

    long unloadedClassCount();

    /** Memory of direct buffers (not mapped files). */
    long directBufferBytes();

    /** The most direct buffer memory this JVM allows (MaxDirectMemorySize, by default the maximum heap), or -1. */
    default long maxDirectBufferBytes() {
        return maxHeapBytes();
    }

    /** Size of memory-mapped files ({@code FileChannel.map}). */
    default long mappedBufferBytes() {
        return 0;
    }

    /**
     * Whether the heap after collections that shrank the old generation (the bottoms of its sawtooth) since
     * {@code fromMillis}, over {@code minSpanMillis} at least, bears out a floor growing {@code floorPerMinute}: null
     * when it does (or when these sources
     * have no such measurements to offer), {@code "unconfirmed"} when there are too few, else why not.
     */
    default String collectionsBearOut(long fromMillis, long minSpanMillis, double floorPerMinute) {
        return null;
    }

    /** How long this JVM has run, in milliseconds. */
    default long uptimeMillis() {
        return Long.MAX_VALUE / 2;
    }

    /** Every class after a full GC, most bytes first; throws RejectedExecutionException when refused (rate limit). */
    List<ClassHistogramEntry> histogram();

    /** What of Memory Manager's own kept data the last histogram counted (beyond the detector's own). */
    default HistogramBaseline.Footprint histogramFootprint() {
        return HistogramBaseline.Footprint.NONE;
    }

    /** How long the last histogram paused the application, -1 before the first. */
    long lastHistogramPauseMillis();

    /**
     * Asks, without waiting, what holds instances of {@code classNames} and where threads named like
     * {@code threadGroup} are started; the answer comes through {@link #holders()} once ready. Returns false when
     * the sources cannot tell (the default). Asking about no class and no group records already (what is
     * sampled now is named later); {@link #stopProbe()} stops.
     */
    default boolean probeHolders(List<String> classNames, String threadGroup) {
        return false;
    }

    /**
     * Whether where direct buffers are allocated is being traced for the detector (asked through
     * {@link #probeHolders} with {@code java.nio.DirectByteBuffer}): its answer comes as
     * {@code alloc:java.nio.DirectByteBuffer} in {@link #holders()}.
     */
    default boolean tracesDirectBuffers() {
        return false;
    }

    /** Stops the probe; its answers stay. */
    default void stopProbe() {
    }

    /** Stops the probe and forgets its answers (on reset). */
    default void forgetHolders() {
    }

    /** The last probe's answers: class name or {@code thread:<group>} to a description; empty before any. */
    default Map<String, String> holders() {
        return Map.of();
    }

    /** Stops following whatever the sources follow (GC notifications, a running probe). */
    default void close() {
    }

    /**
     * Threads Memory Manager brings or causes: its own ({@code memory-manager-*}, which includes its HTTP server),
     * JFR's, and the RMI and JMX connection threads remote JMX clients make.
     */
    static boolean isOwnThread(String name) {
        return OwnClasses.isOwnThread(name);
    }

    /** A thread's group: its name with each run of digits as {@code #} ({@code pool-#-thread-#}). */
    private static String group(String threadName) {
        int first = 0;
        while (first < threadName.length() && !isDigit(threadName.charAt(first))) {
            first++;
        }
        if (first == threadName.length()) {
            return threadName;
        }
        // by hand, not a regex: every thread's name is read every sample
        StringBuilder group = new StringBuilder(threadName.length()).append(threadName, 0, first);
        for (int i = first; i < threadName.length(); i++) {
            char c = threadName.charAt(i);
            if (!isDigit(c)) {
                group.append(c);
            } else if (i == first || !isDigit(threadName.charAt(i - 1))) {
                group.append('#');
            }
        }
        return group.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * This JVM. The floor is the bottom of the old generation's sawtooth ({@link SawtoothFloor}) where the
     * collectors report one, else the live-set floor of {@link JvmMemory}.
     */
    static LeakSources platform(JvmMemory jvm, Profiler profiler) {
        SawtoothFloor sawtooth = SawtoothFloor.platform();
        HolderProbe probe = new HolderProbe(profiler);
        DirectSites direct = new DirectSites(profiler);
        ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
        ClassLoadingMXBean classBean = ManagementFactory.getClassLoadingMXBean();
        RuntimeMXBean runtimeBean = ManagementFactory.getRuntimeMXBean();
        long maxDirect = maxDirectMemory(jvm.getHeapMaxBytes());
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
                int count = 0;
                for (ThreadInfo info : threadBean.getThreadInfo(threadBean.getAllThreadIds(), 0)) {
                    if (info != null && !isOwnThread(info.getThreadName())) {
                        count++;
                    }
                }
                return count;
            }

            @Override
            public Map<String, Integer> threadGroups() {
                Map<String, Integer> groups = new HashMap<>();
                for (ThreadInfo info : threadBean.getThreadInfo(threadBean.getAllThreadIds(), 0)) {
                    if (info != null && !isOwnThread(info.getThreadName())) {
                        groups.merge(group(info.getThreadName()), 1, Integer::sum);
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
                return classBean.getUnloadedClassCount();
            }

            @Override
            public long directBufferBytes() {
                return Math.max(0, jvm.getDirectBufferBytes());
            }

            @Override
            public long maxDirectBufferBytes() {
                return maxDirect;
            }

            @Override
            public long mappedBufferBytes() {
                return Math.max(0, jvm.getMappedBufferBytes());
            }

            @Override
            public String collectionsBearOut(long fromMillis, long minSpanMillis, double floorPerMinute) {
                return sawtooth == null ? null : sawtooth.bottomsBearOut(fromMillis, minSpanMillis, floorPerMinute);
            }

            @Override
            public long uptimeMillis() {
                return runtimeBean.getUptime();
            }

            @Override
            public List<ClassHistogramEntry> histogram() {
                return profiler.fullClassHistogram();
            }

            @Override
            public HistogramBaseline.Footprint histogramFootprint() {
                return profiler.heldAtLastHistogram();
            }

            @Override
            public long lastHistogramPauseMillis() {
                return profiler.getLastHistogramPauseMillis();
            }

            @Override
            public boolean probeHolders(List<String> classNames, String threadGroup) {
                direct.follow(classNames.contains(DirectSites.DIRECT_BUFFER));
                return probe.start(classNames, threadGroup);
            }

            @Override
            public boolean tracesDirectBuffers() {
                return direct.tracing();
            }

            @Override
            public void stopProbe() {
                direct.follow(false);
                probe.stop();
            }

            @Override
            public void forgetHolders() {
                direct.forget();
                probe.forget();
            }

            @Override
            public Map<String, String> holders() {
                return direct.addTo(probe.answers());
            }

            @Override
            public void close() {
                direct.follow(false);
                probe.close();
                if (sawtooth != null) {
                    sawtooth.close();
                }
            }
        };
    }

    // MaxDirectMemorySize, whose 0 means "as large as the maximum heap".
    private static long maxDirectMemory(long maxHeap) {
        try {
            String v = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("MaxDirectMemorySize").getValue();
            long configured = Long.parseLong(v);
            return configured > 0 ? configured : maxHeap;
        } catch (RuntimeException e) {
            return maxHeap;
        }
    }
}
