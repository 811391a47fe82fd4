package io.memorymanager.benchmarks;

import io.memorymanager.budget.MemoryBudget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A measured run for the memory budget. In this JVM: the cost of one fresh budget read (every MXBean, the cgroup
 * files and, when on, Native Memory Tracking's summary). With {@code --ab}: Native Memory Tracking's own cost on
 * the allocation-heavy workload, child JVMs with and without {@code -XX:NativeMemoryTracking=summary} alternating
 * in one run, and the budget read cost in each.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.memorymanager.benchmarks.BudgetCost [--ab] [rounds]</pre>
 */
public final class BudgetCost {

    private BudgetCost() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--ab")) {
            ab(args.length > 1 ? Integer.parseInt(args[1]) : 3);
            return;
        }
        int reads = 200;
        for (int i = 0; i < 50; i++) {
            read();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < reads; i++) {
            read();
        }
        double micros = (System.nanoTime() - t0) / 1000.0 / reads;
        AllocationProfilingBenchmark work = new AllocationProfilingBenchmark();
        long sink = 0;
        for (int i = 0; i < 2_000_000; i++) {
            sink += work.allocateHeavily();   // warm-up
        }
        long ops = 0;
        long t1 = System.nanoTime();
        while (System.nanoTime() - t1 < 10_000_000_000L) {
            for (int i = 0; i < 1000; i++) {
                sink += work.allocateHeavily();
            }
            ops += 1000;
        }
        double opsPerSecond = ops / ((System.nanoTime() - t1) / 1e9);
        System.out.printf("budget read %.0f us; workload %.0f ops/s%n", micros, opsPerSecond);
        System.err.println(sink);
    }

    private static void read() {
        // a fresh instance reads afresh: its one-second cache is empty
        new MemoryBudget(Path.of("/"), () -> -1, () -> -1, null).getComponents();
    }

    private static void ab(int rounds) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> off = new ArrayList<>();
        List<String> on = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (boolean nmt : new boolean[] {false, true}) {
                List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
                if (nmt) {
                    command.add("-XX:NativeMemoryTracking=summary");
                }
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), BudgetCost.class.getName()));
                Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String line = new String(p.getInputStream().readAllBytes()).strip();
                p.waitFor(120, TimeUnit.SECONDS);
                (nmt ? on : off).add(line);
                System.out.println((nmt ? "NMT on:  " : "NMT off: ") + line);
            }
        }
    }
}
