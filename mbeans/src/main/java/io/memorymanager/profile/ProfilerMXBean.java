package io.memorymanager.profile;

import io.memorymanager.Description;
import java.util.List;
import javax.management.MBeanOperationInfo;

/**
 * Who is allocating and what is growing: class histograms and their growth, allocation hot spots by call site,
 * per-thread allocation, heap dumps, JFR recordings and object layouts. ObjectName
 * {@code io.memorymanager:type=Profiler}. Every file goes into one output directory under a generated name; an
 * operation that needs the directory fails with an {@link IllegalStateException} naming its owner and mode when
 * it belongs to another user or others may write it.
 */
@Description("Class histograms and growth, allocation hot spots by call site (JFR), per-thread allocation, heap "
        + "dumps, JFR recordings and object layouts. Files go only into OutputDirectory, under generated names.")
public interface ProfilerMXBean {

    @Description(value = "Top classes by bytes after a full GC (live objects only). PAUSES the application for "
            + "LastHistogramPauseMillis; refused when asked again within HistogramMinIntervalMillis",
            impact = MBeanOperationInfo.ACTION_INFO)
    List<ClassHistogramEntry> classHistogram(
            @Description(name = "top", value = "how many classes, 1-1000") int top);

    @Description(value = "Top classes by bytes without forcing a full GC (counts unreachable objects too); "
            + "still pauses, more briefly", impact = MBeanOperationInfo.ACTION_INFO)
    List<ClassHistogramEntry> classHistogramWithoutGc(
            @Description(name = "top", value = "how many classes, 1-1000") int top);

    @Description(value = "Takes a live histogram (or uses one taken within HistogramMinIntervalMillis, by anyone) "
            + "and returns the classes that grew most since the previous call's (instances and bytes, delta and per "
            + "minute); the first call only records the baseline and returns nothing", impact = MBeanOperationInfo.ACTION_INFO)
    List<ClassGrowth> classHistogramDiff(
            @Description(name = "top", value = "how many classes, 1-1000") int top);

    @Description("How long the last histogram paused the application, in milliseconds; -1 before the first")
    long getLastHistogramPauseMillis();

    @Description("Shortest time between two histograms, in milliseconds")
    long getHistogramMinIntervalMillis();

    @Description("Shortest time between two histograms, in milliseconds (0-3600000)")
    void setHistogramMinIntervalMillis(long millis);

    @Description("Whether the sites that allocate direct buffers are being traced (ByteBuffer.allocateDirect is "
            + "rewritten to sample its callers while this is on; the leak detector turns it on while direct memory "
            + "rises)")
    boolean isDirectBufferTracing();

    @Description(value = "Starts tracing where direct buffers are allocated: ByteBuffer.allocateDirect is rewritten "
            + "to sample its callers (at most 200 a second, buffers held weakly) until stopDirectBufferTracing. Needs "
            + "the agent (-javaagent or attach)", impact = MBeanOperationInfo.ACTION)
    void startDirectBufferTracing();

    @Description(value = "Stops tracing direct buffers and restores ByteBuffer.allocateDirect; the sites seen stay "
            + "readable", impact = MBeanOperationInfo.ACTION)
    void stopDirectBufferTracing();

    @Description("Sites that allocated sampled direct buffers since tracing started, most live bytes first: "
            + "sampled, still alive, their bytes, the oldest one's age")
    List<DirectBufferSite> getDirectBufferSites();

    @Description("Whether allocation profiling (JFR allocation sampling) is on")
    boolean isAllocationProfilingEnabled();

    @Description(value = "Starts sampling allocations with JFR (about 1% overhead)", impact = MBeanOperationInfo.ACTION)
    void startAllocationProfiling();

    @Description(value = "Stops sampling allocations; the sites seen stay readable until they age out",
            impact = MBeanOperationInfo.ACTION)
    void stopAllocationProfiling();

    @Description("Top allocation sites over the last AllocationWindowSeconds: application frames, allocated class, "
            + "estimated bytes and share")
    List<AllocationSite> getTopAllocationSites();

    @Description("The sliding window of TopAllocationSites, in seconds")
    long getAllocationWindowSeconds();

    @Description(value = "Writes the sampled allocation stacks of the window as collapsed stacks (flame-graph "
            + "input: 'frame;frame;Class bytes' lines) into the output directory; returns the file",
            impact = MBeanOperationInfo.ACTION_INFO)
    ExportedFile exportAllocationStacks();

    @Description("Top threads by bytes allocated since they started, with their allocation rate")
    List<ThreadAllocation> getThreadAllocations();

    @Description("Top threads by allocation rate over the last window (at least a second)")
    List<ThreadAllocation> getThreadAllocationRates();

    @Description(value = "Writes a heap dump (.hprof, for MAT or VisualVM) into the output directory under a "
            + "generated name. PAUSES the application; refused when disk space is below the heap size, when "
            + "another dump runs, or when MaxRetainedFiles of its kind are kept", impact = MBeanOperationInfo.ACTION_INFO)
    ExportedFile dumpHeap(
            @Description(name = "liveOnly", value = "true: only reachable objects (forces a full GC)") boolean liveOnly);

    @Description(value = "Records JFR (the 'profile' settings) for the given seconds into a .jfr file for JDK "
            + "Mission Control; returns at once with the file name, which appears when the recording ends. A running "
            + "recording counts as kept: refused when recordings kept plus running reach MaxRetainedFiles",
            impact = MBeanOperationInfo.ACTION_INFO)
    ExportedFile recordFor(
            @Description(name = "seconds", value = "1-3600") int seconds);

    @Description(value = "The profiler's files in the output directory (dumps, recordings, allocation stacks)",
            impact = MBeanOperationInfo.INFO)
    List<ExportedFile> listDumps();

    @Description(value = "Deletes one of the profiler's files by the name listDumps shows; any other name is "
            + "refused", impact = MBeanOperationInfo.ACTION)
    ExportedFile deleteDump(
            @Description(name = "name", value = "a name listed by listDumps") String name);

    @Description("Where the profiler writes, and nowhere else: a directory of this process's user that nobody else "
            + "can write (created 0700 when missing; any other is refused); every file in it is 0600")
    String getOutputDirectory();

    @Description("Most files of one kind kept in the output directory, recordings still running included; more "
            + "are refused until some are deleted")
    int getMaxRetainedFiles();

    @Description(value = "How instances of a loaded class are laid out: header, field offsets and sizes, padding, "
            + "instance size (computed by JOL for this VM)", impact = MBeanOperationInfo.INFO)
    ObjectLayout objectLayout(
            @Description(name = "className", value = "fully qualified name of a loaded class, e.g. java.lang.Integer")
            String className);
}
