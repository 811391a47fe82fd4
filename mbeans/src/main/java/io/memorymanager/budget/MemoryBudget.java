package io.memorymanager.budget;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.memorymanager.internal.DiagnosticCommands;
import io.memorymanager.system.CgroupMemory;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@link MemoryBudgetMXBean} for this JVM: the JVM's memory pools and buffer pools, its flags, Native Memory
 * Tracking when it is on, the cgroup files under a root directory ({@code /} unless told otherwise) and the
 * resident set. One reading serves every attribute for a second.
 */
public final class MemoryBudget implements MemoryBudgetMXBean {

    private static final long CACHE_NANOS = 1_000_000_000L;

    private final Supplier<Budget.Inputs> reader;
    private volatile Budget cached;
    private volatile long cachedAt;

    /**
     * @param cgroupRoot the directory standing for {@code /} when reading cgroup files
     * @param physicalBytes the machine's physical memory, -1 when unknown
     * @param residentBytes the process's resident set, -1 when unknown
     */
    public MemoryBudget(Path cgroupRoot, LongSupplier physicalBytes, LongSupplier residentBytes) {
        this(() -> platform(cgroupRoot, physicalBytes.getAsLong(), residentBytes.getAsLong()));
    }

    MemoryBudget(Supplier<Budget.Inputs> reader) {
        this.reader = reader;
    }

    Budget budget() {
        Budget b = cached;
        long now = System.nanoTime();
        if (b == null || now - cachedAt >= CACHE_NANOS) {
            synchronized (this) {
                if (cached == null || System.nanoTime() - cachedAt >= CACHE_NANOS) {
                    cached = Budget.of(reader.get());
                    cachedAt = System.nanoTime();
                }
                b = cached;
            }
        }
        return b;
    }

    static Budget.Inputs platform(Path cgroupRoot, long physicalBytes, long residentBytes) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Budget.Pool metaspace = Budget.Pool.NONE;
        Budget.Pool classSpace = Budget.Pool.NONE;
        long codeUsed = 0;
        long codeCommitted = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = p.getUsage();
            if (u == null) {
                continue;
            }
            switch (p.getName()) {
                case "Metaspace" -> metaspace = new Budget.Pool(u.getUsed(), u.getCommitted(), u.getMax());
                case "Compressed Class Space" -> classSpace = new Budget.Pool(u.getUsed(), u.getCommitted(),
                        u.getMax());
                default -> {
                    if (p.getName().startsWith("CodeHeap") || p.getName().equals("Code Cache")) {
                        codeUsed += u.getUsed();
                        codeCommitted += u.getCommitted();
                    }
                }
            }
        }
        long directUsed = 0;
        long directCapacity = 0;
        long mapped = 0;
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                directUsed = b.getMemoryUsed();
                directCapacity = b.getTotalCapacity();
            } else if (b.getName().startsWith("mapped")) {
                mapped += Math.max(0, b.getMemoryUsed());
            }
        }
        long maxDirect = flag("MaxDirectMemorySize");
        boolean directBounded = maxDirect > 0;
        long maxMetaspace = flag("MaxMetaspaceSize");
        // an unset MaxMetaspaceSize reads as (almost) 2^64
        boolean metaspaceBounded = maxMetaspace > 0 && maxMetaspace < (1L << 50);
        long stackKb = flag("ThreadStackSize");
        return new Budget.Inputs(CgroupMemory.read(cgroupRoot), physicalBytes, residentBytes,
                new Budget.Pool(heap.getUsed(), heap.getCommitted(), heap.getMax()),
                metaspaceBounded ? new Budget.Pool(metaspace.usedBytes(), metaspace.committedBytes(), maxMetaspace)
                        : metaspace, metaspaceBounded, classSpace,
                new Budget.Pool(codeUsed, codeCommitted, flag("ReservedCodeCacheSize")), directUsed, directCapacity,
                directBounded ? maxDirect : heap.getMax(), directBounded, mapped,
                ManagementFactory.getThreadMXBean().getThreadCount(), stackKb > 0 ? stackKb * 1024 : 1L << 20,
                nativeMemory());
    }

    // VM.native_memory through the DiagnosticCommand MBean; empty when NMT is off or the command is missing.
    private static Optional<NmtSummary> nativeMemory() {
        try {
            return NmtSummary.parse(DiagnosticCommands.invoke("vmNativeMemory", "summary", "scale=B"));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long flag(String name) {
        try {
            String v = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
            return Long.parseUnsignedLong(v) < 0 ? Long.MAX_VALUE : Long.parseLong(v);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public long getLimitBytes() {
        return budget().limitBytes();
    }

    @Override
    public String getLimitSource() {
        return budget().limitSource();
    }

    @Override
    public long getResidentBytes() {
        return budget().residentBytes();
    }

    @Override
    public long getCgroupUsageBytes() {
        return budget().cgroupUsageBytes();
    }

    @Override
    public long getCgroupAnonBytes() {
        return budget().cgroupAnonBytes();
    }

    @Override
    public long getCgroupFileBytes() {
        return budget().cgroupFileBytes();
    }

    @Override
    public long getCountedBytes() {
        return budget().countedBytes();
    }

    @Override
    public String getCountedSource() {
        return budget().countedSource();
    }

    @Override
    public List<BudgetComponent> getComponents() {
        return budget().components();
    }

    @Override
    public boolean isNativeMemoryTracking() {
        return budget().nativeMemoryTracking();
    }

    @Override
    public long getHeadroomBytes() {
        return budget().headroomBytes();
    }

    @Override
    public double getHeadroomPercent() {
        return budget().headroomPercent();
    }

    @Override
    public long getWorstCaseBytes() {
        return budget().worstCaseBytes();
    }

    @Override
    public long getOvercommitBytes() {
        return budget().overcommitBytes();
    }

    @Override
    public List<String> getRecommendations() {
        return budget().recommendations();
    }
}
