package io.memorymanager.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.memorymanager.system.CgroupMemory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The budget of this JVM, and of a child JVM with Native Memory Tracking on. */
class MemoryBudgetTest {

    private static final javax.management.ObjectName NAME = io.memorymanager.internal.ObjectNames.of("MemoryBudget");

    @Test
    void thisJvmWithoutTrackingGetsEstimatedRowsThatSaySo() {
        MemoryBudget budget = new MemoryBudget(Path.of("/"), () -> 24L << 30, () -> 512L << 20, NAME);
        assertThat(budget.isNativeMemoryTracking()).isFalse();
        assertThat(budget.getComponents()).filteredOn(c -> c.name().equals("Java heap")).singleElement()
                .satisfies(c -> assertThat(c.maxBytes()).isEqualTo(Runtime.getRuntime().maxMemory()));
        assertThat(budget.getComponents()).filteredOn(c -> c.source().startsWith("estimated"))
                .extracting(BudgetComponent::name).contains("Thread stacks", "Unaccounted");
        assertThat(budget.getComponents()).filteredOn(c -> c.name().equals("Thread stacks")).singleElement()
                .satisfies(c -> assertThat(c.source()).matches("estimated: \\d+ threads x \\d+ (KB|MB) stack; .*"));
        assertThat(budget.getLimitBytes()).isPositive();
        assertThat(budget.getHeadroomBytes()).isBetween(0L, budget.getLimitBytes());
        assertThat(budget.getWorstCaseBytes()).isGreaterThan(Runtime.getRuntime().maxMemory());
        assertThat(budget.getRecommendations()).anySatisfy(r -> assertThat(r)
                .startsWith("start with -XX:NativeMemoryTracking=summary"));
    }

    @Test
    void aFixtureCgroupLimitBelowThisJvmsWorstCaseGetsTheOvercommitWithItsNumbers(@TempDir Path root)
            throws Exception {
        long heapMax = Runtime.getRuntime().maxMemory();
        long limit = heapMax / 2;
        write(root, "proc/self/cgroup", "0::/app\n");
        write(root, "proc/self/mountinfo",
                "30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw\n");
        write(root, "sys/fs/cgroup/app/memory.max", limit + "\n");
        write(root, "sys/fs/cgroup/app/memory.current", (limit / 4) + "\n");
        write(root, "sys/fs/cgroup/app/memory.stat", "anon " + (limit / 8) + "\nfile " + (limit / 8)
                + "\ninactive_file " + (limit / 16) + "\n");
        MemoryBudget budget = new MemoryBudget(root, () -> 24L << 30, () -> 512L << 20, NAME);
        assertThat(budget.getLimitBytes()).isEqualTo(limit);
        assertThat(budget.getLimitSource()).isEqualTo("cgroup v2 limit in /sys/fs/cgroup/app/memory.max");
        assertThat(budget.getCountedBytes()).isEqualTo(limit / 4 - limit / 16);
        assertThat(budget.getHeadroomBytes()).isEqualTo(limit - (limit / 4 - limit / 16));
        assertThat(budget.getOvercommitBytes()).isEqualTo(budget.getWorstCaseBytes() - limit).isPositive();
        assertThat(budget.getRecommendations().get(0)).startsWith("heap max " + Budget.mb(heapMax) + " + non-heap up to "
                + Budget.mb(budget.getWorstCaseBytes() - heapMax) + " exceed the " + Budget.mb(limit) + " limit by "
                + Budget.mb(budget.getOvercommitBytes()));
    }

    private static void write(Path root, String path, String content) throws java.io.IOException {
        Path file = root.resolve(path);
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, content);
    }

    /** Run in a child JVM: prints one budget's committed rows' sum, its NMT committed total and the RSS. */
    public static void main(String[] args) {
        Budget.Inputs in = MemoryBudget.platform(new CgroupMemory.Reader(Path.of("/")), -1, -1);
        Budget budget = Budget.of(in);
        long sum = budget.components().stream().filter(c -> !c.name().equals("Mapped buffers"))
                .mapToLong(c -> Math.max(0, c.committedBytes())).sum();
        System.out.println("nmt=" + budget.nativeMemoryTracking());
        System.out.println("sum=" + sum);
        System.out.println("names=" + budget.components().stream().map(BudgetComponent::name)
                .collect(Collectors.joining(",")));
        System.out.println("total=" + in.nmt().map(n -> n.total().committedBytes()).orElse(-1L));
        System.out.println("rss=" + new io.memorymanager.system.SystemMemory(java.time.Duration.ZERO)
                .getProcessResidentBytes());
    }

    @Test
    void aChildWithNativeMemoryTrackingHasRowsThatAddUpToItsCommittedTotal() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:NativeMemoryTracking=summary", "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                MemoryBudgetTest.class.getName()).redirectErrorStream(true).start();
        List<String> out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            out = r.lines().toList();
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as(String.join("\n", out)).contains("nmt=true");
        long sum = Long.parseLong(value(out, "sum="));
        long total = Long.parseLong(value(out, "total="));
        assertThat(sum).as("the rows of one reading add up to that reading's NMT total").isEqualTo(total);
        assertThat(value(out, "names=")).contains("GC", "Symbols", "Other native").doesNotContain("Unaccounted");
        long rss = Long.parseLong(value(out, "rss="));
        // what is resident is what was touched of what was committed, plus a little NMT does not see
        assertThat(rss).as("resident set against NMT's committed %d", total).isBetween(total / 4, total * 3 / 2);
    }

    private static String value(List<String> out, String prefix) {
        return out.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }
}
