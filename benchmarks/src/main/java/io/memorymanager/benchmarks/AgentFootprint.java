package io.memorymanager.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import javax.management.ObjectName;

/**
 * A measured run, not a JMH benchmark: the heap the agent retains and the threads it adds once started. Runs a
 * probe JVM without and with the agent, alternately, several times; each probe waits until the agent is serving,
 * collects garbage and reports heap used after GC and its threads. Prints medians and the difference.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.memorymanager.benchmarks.AgentFootprint [runs]</pre>
 */
public final class AgentFootprint {

    private AgentFootprint() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("probe")) {
            probe(args[1].equals("agent"));
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path agent = Path.of(System.getProperty("agent.jar", "jolokia-bridge/target/memory-manager-agent.jar"));
        long[] heapNone = new long[runs];
        long[] heapAgent = new long[runs];
        int[] threadsNone = new int[runs];
        int[] threadsAgent = new int[runs];
        TreeSet<String> agentThreads = new TreeSet<>();
        for (int i = 0; i < runs; i++) {
            List<String> none = run(null);
            List<String> with = run(agent);
            heapNone[i] = Long.parseLong(none.get(0));
            heapAgent[i] = Long.parseLong(with.get(0));
            threadsNone[i] = Integer.parseInt(none.get(1));
            threadsAgent[i] = Integer.parseInt(with.get(1));
            TreeSet<String> extra = new TreeSet<>(Arrays.asList(with.get(2).split(";")));
            extra.removeAll(Arrays.asList(none.get(2).split(";")));
            agentThreads.addAll(extra);
        }
        long hn = median(heapNone);
        long ha = median(heapAgent);
        System.out.printf("runs: %d each, alternating%n", runs);
        System.out.printf("heap used after GC, median: without agent %,d B, with agent %,d B, retained by agent %,d B%n",
                hn, ha, ha - hn);
        System.out.printf("threads, median: without agent %d, with agent %d, added by agent %d%n",
                medianInt(threadsNone), medianInt(threadsAgent), medianInt(threadsAgent) - medianInt(threadsNone));
        System.out.println("threads only with the agent: " + agentThreads);
    }

    private static List<String> run(Path agent) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agent != null) {
            command.add("-javaagent:" + agent.toAbsolutePath() + "=port=0");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path").split(File.pathSeparator)[0]);
        command.add(AgentFootprint.class.getName());
        command.add("probe");
        command.add(agent == null ? "none" : "agent");
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            r.lines().forEach(lines::add);
        }
        if (p.waitFor() != 0 || lines.size() < 3) {
            throw new IllegalStateException("probe failed: " + lines);
        }
        return lines;
    }

    // In the child: wait until the agent serves (or 3 s without it), collect, report heap, thread count, names.
    private static void probe(boolean agent) throws Exception {
        ObjectName monitor = new ObjectName("io.memorymanager:type=Monitor");
        long deadline = System.nanoTime() + 10_000_000_000L;
        if (agent) {
            while (!(ManagementFactory.getPlatformMBeanServer().isRegistered(monitor) && dispatcherRunning())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("agent did not start");
                }
                Thread.sleep(20);
            }
        }
        Thread.sleep(2000);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        System.out.println(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        System.out.println(ManagementFactory.getThreadMXBean().getThreadCount());
        StringBuilder names = new StringBuilder();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.append(t.getName().replaceAll("\\d+", "N")).append(';');
        }
        System.out.println(names);
    }

    private static boolean dispatcherRunning() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("memory-manager-http"));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static int medianInt(int[] values) {
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
