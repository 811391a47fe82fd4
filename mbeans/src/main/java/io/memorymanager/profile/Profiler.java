package io.memorymanager.profile;

import io.memorymanager.internal.DaemonThreads;
import io.memorymanager.internal.DiagnosticCommands;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import jdk.jfr.Configuration;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ProfilerMXBean}. Nothing runs unless asked, except the allocation sampler while it is on. Every file goes
 * into one {@link OutputDirectory}, created on first use; JFR's own disk repository is moved there too when no
 * other recording is running.
 *
 * <p>Histograms ({@link Histograms}), thread allocations ({@link ThreadAllocations}), object layouts
 * ({@link ObjectLayouts}) and allocation sites ({@link AllocationSampler}) are their own classes, delegated to. What
 * stays here, and makes this class longer than the others, is writing files: heap dumps, flight recordings and
 * allocation stacks share one output directory, its retention limit, the JFR repository move and the publish-by-rename
 * of {@link #write}; split apart, each would need all of it.
 */
public final class Profiler implements ProfilerMXBean, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Profiler.class);
    private static final int SITES_SHOWN = 20;

    private final ProfilerSettings settings;
    private final Clock clock;
    private final LongSupplier heapUsedBytes;
    private final AllocationSampler sampler;
    private final AtomicBoolean dumping = new AtomicBoolean();
    private final ScheduledExecutorService recordings = DaemonThreads.scheduler("memory-manager-profiler");
    /** recordFor recordings started and not yet published, by file name; guarded by this. */
    private final Map<String, RunningRecording> runningRecordings = new HashMap<>();
    private final Histograms histograms;
    private final ThreadAllocations threads = new ThreadAllocations();
    private final ObjectLayouts layouts;
    private final DirectBufferTracer directBuffers;
    private OutputDirectory output;
    private boolean jfrRepositoryMoved;

    public Profiler(ProfilerSettings settings) {
        this(settings, Clock.systemUTC(), () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    Profiler(ProfilerSettings settings, Clock clock, LongSupplier heapUsedBytes) {
        this.settings = settings;
        this.clock = clock;
        this.heapUsedBytes = heapUsedBytes;
        this.histograms = new Histograms(clock, settings.histogramMinInterval().toMillis());
        this.layouts = new ObjectLayouts(settings.instrumentation());
        this.directBuffers = newTracer(settings.instrumentation());
        this.sampler = new AllocationSampler(settings.allocationWindow(), clock);
    }

    // ---------------------------------------------------------- histograms, threads and layouts: delegated

    @Override
    public List<ClassHistogramEntry> classHistogram(int top) {
        return histograms.classHistogram(top);
    }

    /** The arrays the profiler's kept baseline occupied while the last histogram was taken: its own data in it. */
    public HistogramBaseline.Footprint heldAtLastHistogram() {
        return histograms.heldAtLastHistogram();
    }

    /** Every class after a full GC, most bytes first (rate-limited like {@link #classHistogram}). */
    public List<ClassHistogramEntry> fullClassHistogram() {
        return histograms.fullClassHistogram();
    }

    @Override
    public List<ClassHistogramEntry> classHistogramWithoutGc(int top) {
        return histograms.classHistogramWithoutGc(top);
    }

    @Override
    public List<ClassGrowth> classHistogramDiff(int top) {
        return histograms.classHistogramDiff(top);
    }

    @Override
    public long getLastHistogramPauseMillis() {
        return histograms.lastPauseMillis();
    }

    @Override
    public long getHistogramMinIntervalMillis() {
        return histograms.minIntervalMillis();
    }

    @Override
    public void setHistogramMinIntervalMillis(long millis) {
        histograms.setMinIntervalMillis(millis);
    }

    @Override
    public List<ThreadAllocation> getThreadAllocations() {
        return threads.byBytes();
    }

    @Override
    public List<ThreadAllocation> getThreadAllocationRates() {
        return threads.byRate();
    }

    @Override
    public ObjectLayout objectLayout(String className) {
        return layouts.of(className);
    }

    // -------------------------------------------------------------------------------------- allocation sites

    // ASM is optional: an application embedding us without it has no tracer, and is told so
    private static DirectBufferTracer newTracer(java.lang.instrument.Instrumentation instrumentation) {
        try {
            return new DirectBufferTracer(instrumentation);
        } catch (LinkageError e) {
            return null;
        }
    }

    @Override
    public boolean isDirectBufferTracing() {
        return directBuffers != null && directBuffers.isOn();
    }

    @Override
    public void startDirectBufferTracing() {
        String why = directBufferTracingUnavailable();
        if (why != null) {
            throw new IllegalStateException(why);
        }
        directBuffers.set(true);
    }

    @Override
    public void stopDirectBufferTracing() {
        if (directBuffers != null) {
            directBuffers.set(false);
        }
    }

    @Override
    public List<DirectBufferSite> getDirectBufferSites() {
        return directBuffers == null ? List.of() : directBuffers.sites().stream().limit(SITES_SHOWN).toList();
    }

    /** Why direct-buffer tracing cannot run in this JVM, or null when it can. */
    public String directBufferTracingUnavailable() {
        if (directBuffers == null) {
            return "tracing where direct buffers are allocated needs ASM (org.ow2.asm:asm) on the class path and the "
                    + "Memory Manager agent";
        }
        return directBuffers.unavailable();
    }

    /**
     * While tracing: the site most of the live direct memory sampled in buffers older than {@code minAgeSeconds}
     * comes from, with its counts; empty when there is none (yet).
     */
    public java.util.Optional<String> leakingDirectBufferSite(long minAgeSeconds) {
        return directBuffers == null ? java.util.Optional.empty() : directBuffers.leakingSite(minAgeSeconds);
    }

    @Override
    public boolean isAllocationProfilingEnabled() {
        return sampler.running();
    }

    @Override
    public synchronized void startAllocationProfiling() {
        moveJfrRepository();
        sampler.start();
    }

    @Override
    public void stopAllocationProfiling() {
        sampler.stop();
    }

    @Override
    public List<AllocationSite> getTopAllocationSites() {
        return sampler.topSites(SITES_SHOWN);
    }

    /** The top {@code top} allocation sites of the window. */
    public List<AllocationSite> topAllocationSites(int top) {
        Histograms.checkTop(top);
        return sampler.topSites(top);
    }

    @Override
    public long getAllocationWindowSeconds() {
        return settings.allocationWindow().toSeconds();
    }

    @Override
    public synchronized ExportedFile exportAllocationStacks() {
        OutputDirectory out = output();
        checkRetained(out, OutputDirectory.Kind.ALLOCATION_STACKS, 0);
        String name = out.newName(OutputDirectory.Kind.ALLOCATION_STACKS);
        long start = System.nanoTime();
        return write(out, name, work -> {
            Path file = work.resolve("allocations.collapsed");
            sampler.writeCollapsed(file);
            return file;
        }, start);
    }

    AllocationSampler sampler() {
        return sampler;
    }

    /**
     * Dumps {@code recording} into an owner-only work directory inside the output directory, lets {@code reader}
     * read the file, and deletes it: for recordings Memory Manager reads itself (the leak detector's probe). Call
     * this before such a recording starts: it moves JFR's repository into the output directory, as for
     * {@link #recordFor}, and refuses (IllegalStateException) when the output directory cannot be used.
     *
     * @throws IllegalStateException when the output directory cannot be used or the dump fails
     */
    public synchronized void prepareRecording() {
        moveJfrRepository();
    }

    /** See {@link #prepareRecording()}; dumps go through a work directory that is always deleted. */
    public <T> T readDump(Recording recording, Function<Path, T> reader) {
        OutputDirectory out = output();
        synchronized (this) {
            moveJfrRepository();
        }
        Path work = null;
        try {
            work = out.newWorkDirectory();
            Path file = work.resolve("probe.jfr");
            recording.dump(file);
            return reader.apply(file);
        } catch (IOException e) {
            throw new IllegalStateException("JFR dump failed: " + e.getMessage());
        } finally {
            out.cleanUp(work);
        }
    }

    // JFR keeps its chunks in a disk repository under java.io.tmpdir by default: move it into our directory, into an
    // owner-only subdirectory, unless somebody else is recording (moving it would move theirs too). A refused output
    // directory refuses the caller's operation (IllegalStateException) before anything is moved.
    private void moveJfrRepository() {
        if (jfrRepositoryMoved) {
            return;
        }
        OutputDirectory out = output();
        jfrRepositoryMoved = true;
        if (FlightRecorder.isInitialized() && !FlightRecorder.getFlightRecorder().getRecordings().isEmpty()) {
            LOG.info("JFR is already recording; its repository stays where it is ({})",
                    System.getProperty("jdk.jfr.repository"));
            return;
        }
        try {
            Path repository = out.subdirectory("jfr-repository");
            DiagnosticCommands.invoke("jfrConfigure", "repositorypath=" + repository);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not move JFR's repository into the output directory: {}", e.toString());
        }
    }

    // ------------------------------------------------------------------------------------- dumps and files

    @Override
    public ExportedFile dumpHeap(boolean liveOnly) {
        OutputDirectory out = output();
        if (!dumping.compareAndSet(false, true)) {
            throw new RejectedExecutionException("another heap dump is in progress; try again when it has finished");
        }
        try {
            checkRetained(out, OutputDirectory.Kind.HEAP_DUMP, 0);
            long needed = heapUsedBytes.getAsLong();
            long free = out.usableBytes();
            if (free < needed) {
                throw new IllegalStateException(String.format("not enough disk space for a heap dump in %s: "
                        + "%d MB free, the heap holds %d MB", out.path(), free >> 20, needed >> 20));
            }
            String name = out.newName(OutputDirectory.Kind.HEAP_DUMP);
            long start = System.nanoTime();
            return write(out, name, work -> {
                Path file = work.resolve("heap.hprof");
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), liveOnly);
                return file;
            }, start);
        } catch (IOException e) {
            throw new IllegalStateException("heap dump failed: " + e.getMessage());
        } finally {
            dumping.set(false);
        }
    }

    /**
     * Writes what the JVM's running flight recordings hold (those of {@code -XX:StartFlightRecording}, of JMC, of
     * {@link #recordFor}) into the output directory as one {@code .jfr} file, as {@code jcmd JFR.dump} would: for
     * the memory budget's last chance before a predicted OOM kill. Memory Manager's own in-memory leak probe is
     * not a reason to dump.
     *
     * @throws IllegalStateException when nothing is recording, the disk has no room for it, or too many files
     *     are kept
     */
    public synchronized ExportedFile dumpFlightRecordings() {
        OutputDirectory out = output();
        if (!FlightRecorder.isInitialized() || FlightRecorder.getFlightRecorder().getRecordings().stream()
                .noneMatch(r -> r.getState() == jdk.jfr.RecordingState.RUNNING && r.isToDisk())) {
            throw new IllegalStateException("no flight recording is running, so there is nothing to dump: start the "
                    + "JVM with -XX:StartFlightRecording (a continuous recording costs about 1%) to have one");
        }
        checkRetained(out, OutputDirectory.Kind.RECORDING, runningRecordings.size());
        String name = out.newName(OutputDirectory.Kind.RECORDING);
        long start = System.nanoTime();
        try (Recording snapshot = FlightRecorder.getFlightRecorder().takeSnapshot()) {
            long needed = snapshot.getSize();
            long free = out.usableBytes();
            if (free < needed) {
                throw new IllegalStateException(String.format("not enough disk space for the flight recordings in "
                        + "%s: %d MB free, they hold %d MB", out.path(), free >> 20, needed >> 20));
            }
            return write(out, name, work -> {
                Path file = work.resolve("recording.jfr");
                snapshot.dump(file);
                return file;
            }, start);
        } catch (IOException e) {
            throw new IllegalStateException("JFR dump failed: " + e.getMessage());
        }
    }

    /**
     * Starts a recording unless the recordings kept plus those still running would exceed MaxRetainedFiles: a
     * recording that is running counts as kept from the moment it starts, so the limit holds however many are
     * started at once, and the caller learns of a refusal now rather than finding a file missing later.
     */
    @Override
    public synchronized ExportedFile recordFor(int seconds) {
        if (seconds < 1 || seconds > 3600) {
            throw new IllegalArgumentException("seconds must be between 1 and 3600, was " + seconds);
        }
        OutputDirectory out = output();
        checkRetained(out, OutputDirectory.Kind.RECORDING, runningRecordings.size());
        moveJfrRepository();
        String name = out.newName(OutputDirectory.Kind.RECORDING);
        Path work = null;
        Recording recording = null;
        try {
            work = out.newWorkDirectory();
            recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName("memory-manager " + name);
            recording.setToDisk(true);
            recording.setDestination(work.resolve("recording.jfr"));
            recording.start();
            RunningRecording running = new RunningRecording(name, recording, work);
            runningRecordings.put(name, running);
            recordings.schedule(() -> finishRecording(out, running), seconds, TimeUnit.SECONDS);
        } catch (IOException | ParseException | RuntimeException e) {
            runningRecordings.remove(name);
            if (recording != null) {
                recording.close();
            }
            out.cleanUp(work);
            throw new IllegalStateException("JFR recording could not start: " + e.getMessage());
        }
        long started = clock.millis();
        return new ExportedFile(name, out.path().resolve(name).toString(), -1, started, seconds * 1000L, false);
    }

    /** A recordFor recording not yet published; finished once, by its timer or by close. */
    private record RunningRecording(String name, Recording recording, Path work, AtomicBoolean finishing) {
        RunningRecording(String name, Recording recording, Path work) {
            this(name, recording, work, new AtomicBoolean());
        }
    }

    private void finishRecording(OutputDirectory out, RunningRecording running) {
        if (!running.finishing().compareAndSet(false, true)) {
            return;
        }
        try {
            running.recording().stop();
            running.recording().close();
            // published and no longer counted as running in one step: the retention check never counts it twice
            // or not at all
            synchronized (this) {
                try {
                    out.publish(running.work().resolve("recording.jfr"), running.name());
                } finally {
                    runningRecordings.remove(running.name());
                }
            }
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                runningRecordings.remove(running.name());
            }
            out.cleanUp(running.work());
            LOG.warn("JFR recording {} could not be written: {}", running.name(), e.toString());
        }
    }

    @FunctionalInterface
    private interface Producer {
        Path produce(Path workDirectory) throws IOException;
    }

    // Writes into a fresh work directory and publishes under name; the name taken (even by a planted link) fails.
    private static ExportedFile write(OutputDirectory out, String name, Producer producer, long startNanos) {
        Path work = null;
        try {
            work = out.newWorkDirectory();
            Path written = producer.produce(work);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            Path file = out.publish(written, name);
            return new ExportedFile(name, file.toString(), Files.size(file), System.currentTimeMillis(), millis, true);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("refusing to write " + name + ": that name already exists in "
                    + out.path() + " (nothing was overwritten)");
        } catch (IOException e) {
            throw new IllegalStateException("could not write " + name + ": " + e.getMessage());
        } finally {
            out.cleanUp(work);
        }
    }

    // running: files of this kind still being written, which will be kept when they end
    private void checkRetained(OutputDirectory out, OutputDirectory.Kind kind, int running) {
        int kept = out.list(kind).size();
        int max = settings.maxRetainedFiles();
        if (kept + running >= max) {
            throw new IllegalStateException(kept + " " + kind.extension + " files are kept"
                    + (running > 0 ? " and " + running + " still recording" : "") + " in " + out.path()
                    + " (MaxRetainedFiles is " + max + "); delete some with deleteDump first"
                    + (running > 0 ? " or wait for a recording to end" : ""));
        }
    }

    @Override
    public List<ExportedFile> listDumps() {
        return output().list(null);
    }

    @Override
    public ExportedFile deleteDump(String name) {
        OutputDirectory out = output();
        Path file = out.existing(name);
        try {
            long size = Files.size(file);
            Files.delete(file);
            return new ExportedFile(name, file.toString(), size, System.currentTimeMillis(), -1, true);
        } catch (IOException e) {
            throw new IllegalStateException("could not delete " + name + ": " + e.getMessage());
        }
    }

    @Override
    public String getOutputDirectory() {
        return settings.outputDirectory().toAbsolutePath().normalize().toString();
    }

    @Override
    public int getMaxRetainedFiles() {
        return settings.maxRetainedFiles();
    }

    /**
     * Opens the output directory now (creating it owner-only when missing) and returns its path: the one place
     * Memory Manager writes files, such as the agent's access token.
     *
     * @throws IllegalStateException when the directory cannot be used (not ours, open to others, not a directory)
     */
    public Path openOutputDirectory() {
        return output().path();
    }

    private synchronized OutputDirectory output() {
        if (output == null) {
            try {
                output = OutputDirectory.open(settings.outputDirectory(), clock);
            } catch (UncheckedIOException | IllegalArgumentException e) {
                throw new IllegalStateException("the profiler's output directory cannot be used: " + e.getMessage());
            }
        }
        return output;
    }

    /**
     * Stops the allocation sampler and the recording timers; recordings still running are ended now and
     * published with what they hold.
     */
    @Override
    public void close() {
        sampler.close();
        if (directBuffers != null) {
            directBuffers.set(false);
        }
        recordings.shutdownNow();
        List<RunningRecording> running;
        OutputDirectory out;
        synchronized (this) {
            running = List.copyOf(runningRecordings.values());
            out = output;
        }
        for (RunningRecording r : running) {
            finishRecording(out, r);
        }
    }
}
