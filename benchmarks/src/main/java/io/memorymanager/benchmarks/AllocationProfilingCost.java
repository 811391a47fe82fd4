package io.memorymanager.benchmarks;

import io.memorymanager.profile.Profiler;
import io.memorymanager.profile.ProfilerSettings;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A measured run, not a JMH benchmark: the CPU time a fixed allocation-heavy workload costs the whole JVM (all
 * its threads, JFR's included) with allocation profiling off, on, and JFR alone with an empty handler (JFR's own
 * share), in fresh JVMs taking turns. CPU time
 * for fixed work is far less disturbed by other tenants of the machine than throughput.
 *
 * <pre>java [-Dthrottle=150/s] -cp benchmarks/target/benchmarks.jar io.memorymanager.benchmarks.AllocationProfilingCost [rounds]</pre>
 * {@code -Dthrottle} sets the sampling rate of the JFR-only arm, to see whether the cost follows the rate.
 */
public final class AllocationProfilingCost {

    private static final int WARMUP_CALLS = 2_000_000;
    private static final int MEASURED_CALLS = 6_000_000;

    private AllocationProfilingCost() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("probe")) {
            probe(args[1]);
            return;
        }
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long[] off = new long[pairs];
        long[] on = new long[pairs];
        long[] jfr = new long[pairs];
        for (int i = 0; i < pairs; i++) {
            off[i] = run("off");
            on[i] = run("on");
            jfr[i] = run("jfr");
            System.out.printf("round %d: off %d ms, on %d ms, jfr only %d ms CPU%n", i + 1, off[i] / 1_000_000,
                    on[i] / 1_000_000, jfr[i] / 1_000_000);
        }
        long[] sj = jfr.clone();
        Arrays.sort(sj);
        System.out.printf("median CPU, JFR alone (empty handler): %d ms%n", sj[pairs / 2] / 1_000_000);
        double[] ratios = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            ratios[i] = (double) on[i] / off[i];
        }
        Arrays.sort(ratios);
        long[] so = off.clone();
        long[] sn = on.clone();
        Arrays.sort(so);
        Arrays.sort(sn);
        System.out.printf("median CPU for %,d calls: off %d ms, on %d ms; median on/off per pair %.4f (%+.1f%%)%n",
                MEASURED_CALLS, so[pairs / 2] / 1_000_000, sn[pairs / 2] / 1_000_000, ratios[pairs / 2],
                (ratios[pairs / 2] - 1) * 100);
    }

    private static long run(String mode) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dthrottle=" + System.getProperty("throttle", "150/s"),
                "-cp", System.getProperty("java.class.path").split(File.pathSeparator)[0],
                AllocationProfilingCost.class.getName(), "probe", mode));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            line = r.readLine();
        }
        if (p.waitFor() != 0 || line == null) {
            throw new IllegalStateException("probe failed");
        }
        return Long.parseLong(line.trim());
    }

    private static void probe(String mode) throws Exception {
        Profiler profiler = null;
        jdk.jfr.consumer.RecordingStream bare = null;
        if (mode.equals("jfr")) {
            bare = new jdk.jfr.consumer.RecordingStream();
            bare.enable("jdk.ObjectAllocationSample").withStackTrace()
                    .with("throttle", System.getProperty("throttle", "150/s"));
            bare.onEvent("jdk.ObjectAllocationSample", e -> { });
            bare.startAsync();
        }
        if (mode.equals("on")) {
            profiler = new Profiler(ProfilerSettings.defaults()
                    .withOutputDirectory(Files.createTempDirectory("mm-cost").resolve("out")));
            profiler.startAllocationProfiling();
        }
        AllocationProfilingBenchmark work = new AllocationProfilingBenchmark();
        long sink = 0;
        for (int i = 0; i < WARMUP_CALLS; i++) {
            sink += work.allocateHeavily();
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = os.getProcessCpuTime();
        for (int i = 0; i < MEASURED_CALLS; i++) {
            sink += work.allocateHeavily();
        }
        long cpu = os.getProcessCpuTime() - start;
        if (profiler != null && profiler.getTopAllocationSites().isEmpty()) {
            throw new IllegalStateException("profiling saw nothing");
        }
        System.out.println(cpu);
        System.err.println(sink);
        if (profiler != null) {
            profiler.close();
        }
        if (bare != null) {
            bare.close();
        }
    }
}
