package io.memorymanager.benchmarks;

import io.memorymanager.MemoryManager;
import io.memorymanager.MemoryManagerConfig;
import io.memorymanager.profile.Profiler;
import io.memorymanager.profile.ProfilerSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import jdk.jfr.EventSettings;
import jdk.jfr.consumer.RecordingStream;

/**
 * A measured run, not a JMH benchmark: one JVM runs the allocation-heavy workload without pause while allocation
 * profiling is switched on and off in short phases (off, on, on, off, ...), so both arms share the same JIT state,
 * heap and neighbours on the machine. Each phase skips its first second (JFR starting or stopping) and then
 * measures the workload thread's throughput and its CPU time per call, and the whole process's CPU per call
 * (JFR's own threads included).
 *
 * <p>What is switched: {@code -Dsubject=profiler} (default) the profiler's allocation profiling; {@code jfr} a
 * bare JFR allocation-sample stream with an empty handler ({@code -Dthrottle=150/s}, {@code -DnoStacks=true}),
 * JFR's own share; {@code installed} all of Memory Manager, installed and closed, its steady-state cost.
 *
 * <pre>java [-Dsubject=...] -cp benchmarks/target/benchmarks.jar io.memorymanager.benchmarks.AlternatingCost [pairs] [seconds]</pre>
 */
public final class AlternatingCost {

    private static final long SETTLE_NANOS = 1_000_000_000L;

    private AlternatingCost() {
    }

    /** One measured phase. */
    private record Phase(double callsPerMs, double threadCpuNanosPerCall, double processCpuNanosPerCall) {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("subject: " + System.getProperty("subject", "profiler"));
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        long measureNanos = (args.length > 1 ? Long.parseLong(args[1]) : 3) * 1_000_000_000L;
        Subject subject = switch (System.getProperty("subject", "profiler")) {
            case "profiler" -> new ProfilerSubject();
            case "jfr" -> new BareJfrSubject();
            case "installed" -> new InstalledSubject();
            default -> throw new IllegalArgumentException("-Dsubject must be profiler, jfr or installed");
        };
        AllocationProfilingBenchmark work = new AllocationProfilingBenchmark();
        long sink = 0;
        for (int i = 0; i < 3_000_000; i++) {
            sink += work.allocateHeavily();
        }
        // One pair unmeasured: the first time the subject runs, the JIT recompiles around it.
        phase(work, subject, true, measureNanos);
        phase(work, subject, false, measureNanos);
        double[] throughput = new double[pairs];
        double[] threadCpu = new double[pairs];
        double[] processCpu = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            // ABBA order within each two pairs cancels a steady drift.
            boolean onFirst = p % 2 == 1;
            Phase first = phase(work, subject, onFirst, measureNanos);
            Phase second = phase(work, subject, !onFirst, measureNanos);
            Phase on = onFirst ? first : second;
            Phase off = onFirst ? second : first;
            throughput[p] = on.callsPerMs() / off.callsPerMs();
            threadCpu[p] = on.threadCpuNanosPerCall() / off.threadCpuNanosPerCall();
            processCpu[p] = on.processCpuNanosPerCall() / off.processCpuNanosPerCall();
            System.out.printf("pair %2d: off %.1f calls/ms, %.0f ns thread CPU/call, %.0f ns process CPU/call;"
                            + " on %.1f, %.0f, %.0f%n", p + 1, off.callsPerMs(), off.threadCpuNanosPerCall(),
                    off.processCpuNanosPerCall(), on.callsPerMs(), on.threadCpuNanosPerCall(),
                    on.processCpuNanosPerCall());
        }
        subject.off();
        if (subject instanceof InstalledSubject installed) {
            System.out.println(installed.ownShare());
        }
        System.out.printf("median on/off over %d pairs: throughput %s, workload-thread CPU per call %s,"
                + " process CPU per call %s%n", pairs, change(throughput), change(threadCpu), change(processCpu));
        System.err.println(sink);
    }

    private static String change(double[] ratios) {
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return String.format("%+.1f%% (pairs from %+.1f%% to %+.1f%%)", (median - 1) * 100, (sorted[0] - 1) * 100,
                (sorted[sorted.length - 1] - 1) * 100);
    }

    private static Phase phase(AllocationProfilingBenchmark work, Subject subject, boolean on, long measureNanos)
            throws Exception {
        if (on) {
            subject.on();
        } else {
            subject.off();
        if (subject instanceof InstalledSubject installed) {
            System.out.println(installed.ownShare());
        }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long sink = 0;
        long settleEnd = System.nanoTime() + SETTLE_NANOS;
        while (System.nanoTime() < settleEnd) {
            sink += batch(work);
        }
        long start = System.nanoTime();
        long threadStart = threads.getCurrentThreadCpuTime();
        long processStart = os.getProcessCpuTime();
        long calls = 0;
        long now;
        do {
            sink += batch(work);
            calls += BATCH;
            now = System.nanoTime();
        } while (now - start < measureNanos);
        long threadCpu = threads.getCurrentThreadCpuTime() - threadStart;
        long processCpu = os.getProcessCpuTime() - processStart;
        if (sink == 42) {
            System.err.println("unlikely");
        }
        subject.check();
        return new Phase(calls / ((now - start) / 1e6), (double) threadCpu / calls, (double) processCpu / calls);
    }

    /** What is switched on and off. */
    private interface Subject {
        void on() throws Exception;

        void off() throws Exception;

        /** Called at the end of each phase: throws if an "on" phase did not do its work. */
        void check();
    }

    /** The profiler's allocation profiling (default). */
    private static final class ProfilerSubject implements Subject {
        private final Profiler profiler;
        private boolean on;

        ProfilerSubject() throws IOException {
            profiler = new Profiler(ProfilerSettings.defaults()
                    .withOutputDirectory(Files.createTempDirectory("mm-alt").resolve("out")));
        }

        @Override
        public void on() {
            profiler.startAllocationProfiling();
            on = true;
        }

        @Override
        public void off() {
            if (profiler.isAllocationProfilingEnabled()) {
                profiler.stopAllocationProfiling();
            }
            on = false;
        }

        @Override
        public void check() {
            if (on && profiler.getTopAllocationSites().isEmpty()) {
                throw new IllegalStateException("profiling was on but saw no allocation");
            }
        }
    }

    /** {@code -Dsubject=jfr}: a bare JFR allocation-sample stream with an empty handler, JFR's own share. */
    private static final class BareJfrSubject implements Subject {
        private final String throttle = System.getProperty("throttle", "150/s");
        private RecordingStream stream;

        @Override
        public void on() {
            if (stream == null) {
                stream = new RecordingStream();
                EventSettings settings = stream.enable("jdk.ObjectAllocationSample").with("throttle", throttle);
                if (Boolean.getBoolean("noStacks")) {
                    settings.withoutStackTrace();
                } else {
                    settings.withStackTrace();
                }
                stream.onEvent("jdk.ObjectAllocationSample", e -> { });
                stream.startAsync();
            }
        }

        @Override
        public void off() {
            if (stream != null) {
                stream.close();
                stream = null;
            }
        }

        @Override
        public void check() {
        }
    }

    /**
     * {@code -Dsubject=installed}: all of Memory Manager installed (monitor every second, leak detector every
     * second, ten times its default rate) against nothing installed: the steady-state cost.
     */
    private static final class InstalledSubject implements Subject {
        private MemoryManager installed;
        private long analysesBefore;

        @Override
        public void on() {
            if (installed == null) {
                installed = MemoryManager.install(MemoryManagerConfig.defaults()
                        .withLeakDetection(Duration.ofMinutes(10), Duration.ofSeconds(1)));
                onSince = System.nanoTime();
                ownCpuAtOn = SteadyStateCost.ownThreads(true);
            }
        }

        @Override
        public void off() {
            if (installed != null) {
                installed.close();
                installed = null;
            }
        }

        private long onNanos;
        private long onSince;
        private long ownCpuAtOn;
        private long ownCpu;

        @Override
        public void check() {
            if (installed != null) {
                if (installed.leakDetector().getFindings().isEmpty()) {
                    throw new IllegalStateException("the leak detector never ran");
                }
                if (installed.profiler().getLastHistogramPauseMillis() >= 0) {
                    throw new IllegalStateException("a steady workload made the detector take a class histogram");
                }
                long now = System.nanoTime();
                long cpu = SteadyStateCost.ownThreads(true);
                onNanos += now - onSince;
                ownCpu += cpu - ownCpuAtOn;
                onSince = now;
                ownCpuAtOn = cpu;
            }
        }

        /** CPU time of Memory Manager's own threads (names starting memory-manager) while it was installed. */
        String ownShare() {
            return String.format("Memory Manager's own threads used %.3f%% of one core (%d ms CPU in %d s installed)",
                    100.0 * ownCpu / Math.max(1, onNanos), ownCpu / 1_000_000, onNanos / 1_000_000_000);
        }
    }

    private static final int BATCH = 1_000;


    private static long batch(AllocationProfilingBenchmark work) {
        long sink = 0;
        for (int i = 0; i < BATCH; i++) {
            sink += work.allocateHeavily();
        }
        return sink;
    }
}
