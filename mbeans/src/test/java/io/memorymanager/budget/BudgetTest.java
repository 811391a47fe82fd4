package io.memorymanager.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.memorymanager.system.CgroupMemory;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The budget of made-up processes: plain arithmetic over what a JVM and a cgroup would report. */
class BudgetTest {

    private static final long MB = 1L << 20;

    private static CgroupMemory.Reading cgroup(long limit, long usage, long inactiveFile) {
        return new CgroupMemory.Reading("v2", limit, "sys/fs/cgroup/app/memory.max", usage,
                Map.of("anon", usage - 2 * inactiveFile, "file", 2 * inactiveFile, "inactive_file", inactiveFile));
    }

    /** 1600 MB of heap max, 1100 MB resident; metaspace 150 MB bounded, code cache 240 MB, direct 200 MB, 100 threads of 1 MB. */
    private static Budget.Inputs process(Optional<CgroupMemory.Reading> cg, boolean directBounded) {
        return new Budget.Inputs(cg, 16_384 * MB, 1100 * MB, new Budget.Pool(500 * MB, 800 * MB, 1600 * MB),
                new Budget.Pool(90 * MB, 100 * MB, 150 * MB), true, new Budget.Pool(10 * MB, 12 * MB, 1024 * MB),
                new Budget.Pool(30 * MB, 40 * MB, 240 * MB), 20 * MB, directBounded ? 200 * MB : 1600 * MB,
                directBounded, 0, 100, MB, Optional.empty());
    }

    @Test
    void bytesReadAsPeopleReadThem() {
        assertThat(Budget.mb(-1)).isEqualTo("unknown");
        assertThat(Budget.mb(512 * 1024)).isEqualTo("512 KB");
        assertThat(Budget.mb(300L << 20)).isEqualTo("300 MB");
        assertThat(Budget.mb(1717986918L)).isEqualTo("1.6 GB");
        assertThat(Budget.mb((long) (1.96 * (1L << 30)))).as("rounded to a tenth").isEqualTo("2.0 GB");
        assertThat(Budget.mb(10L << 30)).isEqualTo("10.0 GB");
    }

    @Test
    void aHeapThatCannotFitWithItsNonHeapIsCalledOutWithTheNumbers() {
        Budget b = Budget.of(process(Optional.of(cgroup(2000 * MB, 1100 * MB, 100 * MB)), true));
        assertThat(b.limitBytes()).isEqualTo(2000 * MB);
        assertThat(b.limitSource()).isEqualTo("cgroup v2 limit in /sys/fs/cgroup/app/memory.max");
        assertThat(b.countedBytes()).as("the working set: charge minus inactive page cache").isEqualTo(1000 * MB);
        assertThat(b.headroomBytes()).isEqualTo(1000 * MB);
        assertThat(b.headroomPercent()).isEqualTo(50.0);
        // 1600 heap + 150 metaspace + 12 class space + 240 code + 200 direct + 100 stacks + unaccounted
        long unaccounted = 1100 * MB - (800 + 100 + 12 + 40 + 20) * MB;
        assertThat(b.worstCaseBytes()).isEqualTo((1600 + 150 + 12 + 240 + 200 + 100) * MB + unaccounted);
        long over = b.worstCaseBytes() - 2000 * MB;
        assertThat(b.overcommitBytes()).isEqualTo(over);
        long fit = (1600 * MB - over) / (64 * MB) * 64;
        assertThat(b.recommendations()).first().asString()
                .startsWith("heap max 1.6 GB + non-heap up to " + Budget.mb(b.worstCaseBytes() - 1600 * MB)
                        + " exceed the 2.0 GB limit by " + Budget.mb(over))
                .contains("lower the heap to -Xmx" + fit + "m (or -XX:MaxRAMPercentage="
                        + (int) Math.floor(100.0 * (1600 * MB - over) / (2000 * MB)) + ")")
                .endsWith("or raise the limit");
    }

    @Test
    void whatFitsGetsNoOvercommitAndUnboundedDirectMemoryIsCalledOut() {
        Budget fits = Budget.of(process(Optional.of(cgroup(8192 * MB, 1100 * MB, 0)), true));
        assertThat(fits.overcommitBytes()).isZero();
        assertThat(fits.recommendations()).noneMatch(r -> r.startsWith("heap max"));
        Budget open = Budget.of(process(Optional.of(cgroup(8192 * MB, 1100 * MB, 0)), false));
        assertThat(open.recommendations()).anySatisfy(r -> assertThat(r)
                .startsWith("direct buffers have no limit of their own (they may take up to the heap max, 1.6 GB"));
    }

    @Test
    void aCgroupWithoutALimitCountsTheResidentSetAgainstPhysicalMemory() {
        Budget b = Budget.of(process(Optional.of(cgroup(-1, 5000 * MB, 0)), true));
        assertThat(b.limitSource()).isEqualTo("physical memory (the cgroup sets no limit)");
        assertThat(b.countedBytes()).as("not the cgroup's charge, which may be other processes'").isEqualTo(1100 * MB);
    }

    @Test
    void withoutACgroupTheLimitIsPhysicalMemoryAndTheResidentSetCounts() {
        Budget b = Budget.of(process(Optional.empty(), true));
        assertThat(b.limitBytes()).isEqualTo(16_384 * MB);
        assertThat(b.limitSource()).isEqualTo("physical memory (no memory cgroup)");
        assertThat(b.countedBytes()).isEqualTo(1100 * MB);
        assertThat(b.cgroupUsageBytes()).isEqualTo(-1);
        assertThat(b.components()).filteredOn(c -> c.name().equals("Thread stacks")).singleElement()
                .satisfies(c -> assertThat(c.source()).startsWith("estimated: 100 threads x 1 MB stack")
                        .contains("-XX:NativeMemoryTracking=summary"));
        assertThat(b.components()).filteredOn(c -> c.name().equals("Unaccounted")).singleElement()
                .satisfies(c -> assertThat(c.committedBytes()).isEqualTo((1100 - 800 - 100 - 12 - 40 - 20) * MB));
    }

    @Test
    void withNativeMemoryTrackingTheRowsAddUpToItsTotal() throws Exception {
        NmtSummary nmt = NmtSummary.parse(new String(BudgetTest.class.getResourceAsStream("/budget/nmt-jdk17.txt")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).orElseThrow();
        Budget.Inputs in = process(Optional.empty(), true);
        Budget b = Budget.of(new Budget.Inputs(in.cgroup(), in.physicalBytes(), in.residentBytes(), in.heap(),
                new Budget.Pool(8105912, 8192000, -1), false, new Budget.Pool(1102040, 1179648, 1L << 30),
                in.codeCache(), 8 * MB, 256 * MB, true, 0, 21, MB, Optional.of(nmt)));
        assertThat(b.nativeMemoryTracking()).isTrue();
        long sum = b.components().stream().filter(c -> !c.name().equals("Mapped buffers"))
                .mapToLong(c -> Math.max(0, c.committedBytes())).sum();
        assertThat(sum).isEqualTo(nmt.total().committedBytes());
        assertThat(b.components()).extracting(BudgetComponent::name).contains("GC", "Symbols", "Other native")
                .doesNotContain("Unaccounted");
        assertThat(b.recommendations()).anySatisfy(r -> assertThat(r).startsWith("metaspace has no limit"))
                .noneMatch(r -> r.contains("start with -XX:NativeMemoryTracking"));
    }
}
