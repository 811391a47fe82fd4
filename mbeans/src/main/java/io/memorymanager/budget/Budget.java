package io.memorymanager.budget;

import io.memorymanager.internal.Round;
import io.memorymanager.system.CgroupMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One budget: the figures a {@link MemoryBudget} reads ({@link Inputs}) and what follows from them, computed by
 * plain code so that it can be tested on made-up processes.
 */
record Budget(long limitBytes, String limitSource, long residentBytes, long cgroupUsageBytes, long cgroupAnonBytes,
        long cgroupFileBytes, long countedBytes, String countedSource, List<BudgetComponent> components,
        boolean nativeMemoryTracking, long headroomBytes, double headroomPercent, long worstCaseBytes,
        long overcommitBytes, List<String> recommendations) {

    private static final long MB = 1L << 20;

    /** A pool's figures: used, committed, max (-1 when unbounded or unknown). */
    record Pool(long usedBytes, long committedBytes, long maxBytes) {
        static final Pool NONE = new Pool(-1, -1, -1);
    }

    /**
     * What the JVM and the OS say.
     *
     * @param maxDirectBytes MaxDirectMemorySize, or the heap max when it is not set ({@code directBounded} false)
     * @param stackBytes the stack size of a thread (-Xss / ThreadStackSize)
     * @param metaspaceBounded whether MaxMetaspaceSize is set
     */
    record Inputs(Optional<CgroupMemory.Reading> cgroup, long physicalBytes, long residentBytes, Pool heap,
            Pool metaspace, boolean metaspaceBounded, Pool classSpace, Pool codeCache, long directUsedBytes,
            long maxDirectBytes, boolean directBounded, long mappedBytes, int threads,
            long stackBytes, Optional<NmtSummary> nmt) {
    }

    static Budget of(Inputs in) {
        CgroupMemory.Reading cg = in.cgroup().orElse(null);
        boolean limited = cg != null && cg.limitBytes() > 0;
        long limit = limited ? cg.limitBytes() : in.physicalBytes();
        String limitSource = limited ? "cgroup " + cg.version() + " limit in /" + cg.limitFile()
                : cg != null ? "physical memory (the cgroup sets no limit)" : "physical memory (no memory cgroup)";
        long counted;
        String countedSource;
        if (limited && cg.usageBytes() >= 0) {
            counted = cg.workingSetBytes();
            countedSource = "the cgroup's charge minus its inactive page cache (the working set): the kernel "
                    + "charges page cache too, but reclaims the inactive part before it kills";
        } else {
            counted = in.residentBytes();
            countedSource = "the resident set of the process" + (cg != null ? " (its cgroup sets no limit, and may "
                    + "hold other processes too)" : "");
        }

        List<BudgetComponent> rows = new ArrayList<>();
        NmtSummary nmt = in.nmt().orElse(null);
        String jvm = "the JVM's memory pools";
        rows.add(new BudgetComponent("Java heap", in.heap().usedBytes(), nmt != null
                ? nmt.category("Java Heap").committedBytes() : in.heap().committedBytes(), in.heap().maxBytes(),
                nmt != null ? "MemoryMXBean; committed from NMT" : "MemoryMXBean"));
        rows.add(new BudgetComponent("Metaspace", in.metaspace().usedBytes(), in.metaspace().committedBytes(),
                in.metaspaceBounded() ? in.metaspace().maxBytes() : -1,
                jvm + (in.metaspaceBounded() ? "" : "; no MaxMetaspaceSize: unbounded")));
        if (in.classSpace().committedBytes() >= 0) {
            rows.add(new BudgetComponent("Compressed class space", in.classSpace().usedBytes(),
                    in.classSpace().committedBytes(), in.classSpace().maxBytes(), jvm));
        }
        rows.add(new BudgetComponent("Code cache", in.codeCache().usedBytes(), nmt != null
                ? nmt.category("Code").committedBytes() : in.codeCache().committedBytes(), in.codeCache().maxBytes(),
                nmt != null ? "the JVM's code heaps; committed from NMT" : jvm));
        long stackReserve = (long) in.threads() * in.stackBytes();
        if (nmt != null) {
            rows.add(new BudgetComponent("Thread stacks", -1, nmt.threadStacks().committedBytes(),
                    nmt.threadStacks().reservedBytes(), "NMT: " + nmt.threads() + " threads"));
        } else {
            rows.add(new BudgetComponent("Thread stacks", -1, -1, stackReserve, "estimated: " + in.threads()
                    + " threads x " + mb(in.stackBytes())
                    + " stack; start with -XX:NativeMemoryTracking=summary for exact figures"));
        }
        rows.add(new BudgetComponent("Direct buffers", in.directUsedBytes(), in.directUsedBytes(),
                in.maxDirectBytes(), "BufferPoolMXBean direct" + (in.directBounded() ? ""
                        : "; no MaxDirectMemorySize: bounded by the heap max only")));
        rows.add(new BudgetComponent("Mapped buffers", in.mappedBytes(), -1, -1,
                "BufferPoolMXBean mapped: file mappings, resident only as far as touched (page cache)"));
        long nativeRest;
        if (nmt != null) {
            long gc = nmt.category("GC").committedBytes();
            long symbols = nmt.category("Symbol").committedBytes();
            rows.add(new BudgetComponent("GC", -1, gc, -1, "NMT"));
            rows.add(new BudgetComponent("Symbols", -1, symbols, -1, "NMT"));
            long known = rows.stream().filter(r -> !r.name().equals("Mapped buffers"))
                    .mapToLong(r -> Math.max(0, r.committedBytes())).sum();
            long other = Math.max(0, nmt.total().committedBytes() - known);
            rows.add(new BudgetComponent("Other native", -1, other, -1,
                    "NMT: its total committed minus the rows above (JIT compiler, internal, class metadata malloc, "
                            + "NMT itself, ...)"));
            nativeRest = gc + symbols + other;
        } else {
            long known = rows.stream().filter(r -> !r.name().equals("Mapped buffers")
                    && !r.name().equals("Thread stacks")).mapToLong(r -> Math.max(0, r.committedBytes())).sum();
            long unaccounted = in.residentBytes() < 0 ? -1 : Math.max(0, in.residentBytes() - known);
            rows.add(new BudgetComponent("Unaccounted", -1, unaccounted, -1, "estimated: resident set minus the "
                    + "rows above (thread stacks, GC, symbols, other native); start with "
                    + "-XX:NativeMemoryTracking=summary for exact figures"));
            nativeRest = Math.max(0, unaccounted);
        }

        long headroom = limit > 0 && counted >= 0 ? limit - counted : -1;
        double headroomPercent = limit > 0 && counted >= 0 ? Round.percent(100.0 * headroom / limit) : -1;
        long metaspaceWorst = in.metaspaceBounded() ? in.metaspace().maxBytes() : in.metaspace().committedBytes();
        long nonHeapWorst = Math.max(0, metaspaceWorst) + Math.max(0, in.classSpace().committedBytes())
                + Math.max(0, in.codeCache().maxBytes()) + Math.max(0, in.maxDirectBytes())
                + Math.max(0, nmt != null ? nmt.threadStacks().reservedBytes() : stackReserve) + nativeRest;
        long worst = Math.max(0, in.heap().maxBytes()) + nonHeapWorst;
        long overcommit = limit > 0 ? Math.max(0, worst - limit) : 0;

        List<String> advice = new ArrayList<>();
        if (overcommit > 0 && in.heap().maxBytes() > 0) {
            long fit = in.heap().maxBytes() - overcommit;
            String lower = fit > 64 * MB
                    ? String.format("lower the heap to -Xmx%dm (or -XX:MaxRAMPercentage=%d)", fit / (64 * MB) * 64,
                            (int) Math.floor(100.0 * fit / limit))
                    : "the non-heap alone does not fit: lower what it may grow to";
            advice.add(String.format("heap max %s + non-heap up to %s exceed the %s limit by %s: %s, or raise the "
                    + "limit", mb(in.heap().maxBytes()), mb(nonHeapWorst), mb(limit), mb(overcommit), lower));
        }
        if (!in.directBounded()) {
            advice.add(String.format("direct buffers have no limit of their own (they may take up to the heap max, "
                    + "%s, outside the heap): set -XX:MaxDirectMemorySize", mb(in.maxDirectBytes())));
        }
        if (!in.metaspaceBounded()) {
            advice.add(String.format("metaspace has no limit (%s committed now): set -XX:MaxMetaspaceSize so that a "
                    + "class-loader leak fails in the JVM, not by the kernel's OOM kill",
                    mb(in.metaspace().committedBytes())));
        }
        long stacks = nmt != null ? nmt.threadStacks().reservedBytes() : stackReserve;
        if (limit > 0 && stacks > limit / 10) {
            advice.add(String.format("%d threads x %s stacks reserve %s, %d%% of the limit: fewer threads or a "
                    + "smaller -Xss", in.threads(), mb(in.stackBytes()), mb(stacks), 100 * stacks / limit));
        }
        if (headroom >= 0 && headroom < limit / 10) {
            advice.add(String.format("only %s (%.1f%%) left under the %s limit", mb(headroom), headroomPercent,
                    mb(limit)));
        }
        if (nmt == null) {
            advice.add("start with -XX:NativeMemoryTracking=summary for exact native figures (it costs a few percent "
                    + "of native memory and of allocation speed)");
        }
        return new Budget(limit, limitSource, in.residentBytes(), cg == null ? -1 : cg.usageBytes(),
                cg == null ? -1 : cg.anonBytes(), cg == null ? -1 : cg.fileBytes(), counted, countedSource,
                List.copyOf(rows), nmt != null, headroom, headroomPercent, worst, overcommit, List.copyOf(advice));
    }

    /** Bytes as people read them: 1.6 GB, 300 MB, 512 KB. */
    static String mb(long bytes) {
        if (bytes < 0) {
            return "unknown";
        }
        // concatenation, not String.format: the budget words its rows at every check
        if (bytes >= 1L << 30) {
            long tenths = Math.round(bytes * 10 / (double) (1L << 30));
            return tenths / 10 + "." + tenths % 10 + " GB";
        }
        if (bytes >= MB) {
            return Math.round(bytes / (double) MB) + " MB";
        }
        return Math.round(bytes / 1024.0) + " KB";
    }
}
