package io.memorymanager.optimize;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import io.memorymanager.cache.CacheChange;
import io.memorymanager.cache.CacheRegistry;
import io.memorymanager.internal.DiagnosticCommands;
import io.memorymanager.optimize.OptimizationReport.OptimizationStep;
import io.memorymanager.optimize.OptimizationReport.PoolUsageChange;
import io.memorymanager.pool.ObjectPoolMXBean;
import io.memorymanager.pool.PoolRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.reflect.UndeclaredThrowableException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

/** {@link OptimizerMXBean}: each operation measures the heap and its pools around what it does. */
public final class Optimizer implements OptimizerMXBean {

    static final String TRIM_NATIVE = "systemTrimNativeHeap";
    private static final long MAX_COOLDOWN_SECONDS = 86_400;

    private final CacheRegistry caches;
    private final PoolRegistry pools;
    private final LongSupplier residentBytes;
    private final Clock clock;
    private final Map<String, Long> lastRun = new HashMap<>();
    private volatile long cooldownMillis;
    private volatile OptimizationReport lastReport;

    /**
     * @param cooldown how long each operation must wait after it last ran
     * @param residentBytes the process's resident memory, -1 when unknown (for the native-heap trim's report)
     */
    public Optimizer(CacheRegistry caches, PoolRegistry pools, Duration cooldown, LongSupplier residentBytes) {
        this(caches, pools, cooldown, residentBytes, Clock.systemUTC());
    }

    Optimizer(CacheRegistry caches, PoolRegistry pools, Duration cooldown, LongSupplier residentBytes, Clock clock) {
        this.caches = caches;
        this.pools = pools;
        this.residentBytes = residentBytes;
        this.clock = clock;
        setCooldownSeconds(cooldown.toSeconds());
    }

    @Override
    public OptimizationReport forceGc() {
        if (flag("DisableExplicitGC").equals("true")) {
            throw new IllegalStateException("this JVM runs with -XX:+DisableExplicitGC, so System.gc() does nothing; "
                    + "compact() collects anyway");
        }
        return run("forceGc", true, steps -> {
            System.gc();
            steps.add(new OptimizationStep("System.gc()", -1, systemGcIsFullCollection()
                    ? "a full collection" : "a concurrent cycle (" + collectors()
                            + "): what it frees may show in the heap only after it ends"));
        });
    }

    @Override
    public OptimizationReport compact() {
        return run("compact", true, this::compactStep);
    }

    private void compactStep(List<OptimizationStep> steps) {
        if (systemGcIsFullCollection() && !flag("DisableExplicitGC").equals("true")) {
            System.gc();
            steps.add(new OptimizationStep("full GC", -1, "System.gc(): a full compacting collection on " + collectors()));
        } else {
            // A class histogram makes the JVM collect fully first ("Heap Inspection Initiated GC"), whatever
            // -XX:+ExplicitGCInvokesConcurrent or -XX:+DisableExplicitGC say.
            DiagnosticCommands.invoke("gcClassHistogram");
            steps.add(new OptimizationStep("full GC", -1, "a heap-inspection full collection on " + collectors()));
        }
    }

    @Override
    public OptimizationReport clearCache(String name) {
        if (name == null || !caches.names().contains(name)) {
            throw new IllegalArgumentException("no cache named '" + name + "'; registered: " + caches.names());
        }
        return run("clearCache(" + name + ")", false, steps -> steps.add(step(caches.clear(name))));
    }

    @Override
    public OptimizationReport clearAllCaches() {
        return run("clearAllCaches", false, this::clearAllStep);
    }

    private void clearAllStep(List<OptimizationStep> steps) {
        List<CacheChange> changes = caches.clearAll();
        if (changes.isEmpty()) {
            steps.add(new OptimizationStep("clear caches", 0, "no cache is registered"));
        }
        for (CacheChange c : changes) {
            steps.add(step(c));
        }
    }

    @Override
    public OptimizationReport trimPools() {
        return run("trimPools", false, this::trimPoolsStep);
    }

    private void trimPoolsStep(List<OptimizationStep> steps) {
        List<ObjectPoolMXBean> open = pools.pools();
        if (open.isEmpty()) {
            steps.add(new OptimizationStep("trim pools", 0, "no pool is open"));
        }
        for (ObjectPoolMXBean pool : open) {
            try {
                int idle = pool.getIdle();
                int evicted = pool.evictIdle();
                steps.add(new OptimizationStep("trim pool " + pool.getName(), -1, String.format(
                        "destroyed %d idle objects (%d idle before, MinIdle %d)", evicted, idle, pool.getMinIdle())));
            } catch (UndeclaredThrowableException e) {
                // closed while we trimmed (its MBean went away with it): nothing to trim
            }
        }
    }

    @Override
    public OptimizationReport optimize() {
        return run("optimize", true, steps -> {
            trimPoolsStep(steps);
            clearAllStep(steps);
            compactStep(steps);
        });
    }

    @Override
    public OptimizationReport trimNativeHeap() {
        if (!DiagnosticCommands.supports(TRIM_NATIVE)) {
            throw new UnsupportedOperationException("this JVM cannot trim its native heap (System.trim_native_heap "
                    + "needs JDK 17.0.9 or later)");
        }
        return run("trimNativeHeap", false, steps -> {
            long before = residentBytes.getAsLong();
            String output = DiagnosticCommands.invoke(TRIM_NATIVE).trim();
            long after = residentBytes.getAsLong();
            steps.add(new OptimizationStep("System.trim_native_heap", before < 0 || after < 0 ? -1 : before - after,
                    String.format("resident memory %s before, %s after; %s", before < 0 ? "unknown" : mb(before),
                            after < 0 ? "unknown" : mb(after),
                            output.isEmpty() ? "no output" : output.replace('\n', ' '))));
        });
    }

    private static OptimizationStep step(CacheChange c) {
        return new OptimizationStep("clear cache " + c.cache(), c.releasedBytes(), String.format(
                "%d entries before, %d after%s", c.sizeBefore(), c.sizeAfter(),
                c.releasedBytes() < 0 ? "; bytes unknown" : "; ~" + mb(c.releasedBytes()) + " by its own estimate"));
    }

    private interface Action {
        void run(List<OptimizationStep> steps);
    }

    /**
     * Runs one operation under its cooldown and reports the heap before and after. An operation that does not
     * collect ({@code collects} false) releases references the heap shows only after the next collection: its
     * message says what its steps released by their own estimate, not a measured "0 MB freed".
     */
    private OptimizationReport run(String operation, boolean collects, Action action) {
        checkCooldown(operation);
        long started = clock.millis();
        long t0 = System.nanoTime();
        Map<String, Long> poolsBefore = heapPools();
        long before = heapUsed();
        List<OptimizationStep> steps = new ArrayList<>();
        action.run(steps);
        long after = heapUsed();
        Map<String, Long> poolsAfter = heapPools();
        long duration = (System.nanoTime() - t0) / 1_000_000;
        List<PoolUsageChange> pools = new ArrayList<>();
        poolsBefore.forEach((pool, used) -> pools.add(new PoolUsageChange(pool, used, poolsAfter.getOrDefault(pool, -1L))));
        long freed = before - after;
        String message;
        if (collects) {
            message = String.format("%s: heap %s -> %s (%s freed) in %d ms", operation, mb(before), mb(after),
                    mb(freed), duration);
        } else {
            long estimated = steps.stream().mapToLong(OptimizationStep::releasedBytes).filter(b -> b > 0).sum();
            boolean known = steps.stream().anyMatch(x -> x.releasedBytes() >= 0);
            message = String.format("%s in %d ms: %s; no collection ran, so the heap (%s) shows it only after the "
                    + "next one (compact collects at once)", operation, duration,
                    known ? "released ~" + mb(estimated) + " by its own estimate" : "see the steps", mb(after));
        }
        OptimizationReport report = new OptimizationReport(operation, started, duration, before, after, freed,
                before > 0 ? Math.round(1000.0 * freed / before) / 10.0 : 0, List.copyOf(pools), List.copyOf(steps),
                message);
        lastReport = report;
        return report;
    }

    private synchronized void checkCooldown(String operation) {
        long now = clock.millis();
        Long last = lastRun.get(operation);
        if (last != null && now - last < cooldownMillis) {
            long wait = (cooldownMillis - (now - last) + 999) / 1000;
            throw new RejectedExecutionException(String.format("%s ran %d s ago; it may run again in %d s (cooldown %d s)",
                    operation, (now - last) / 1000, wait, cooldownMillis / 1000));
        }
        lastRun.put(operation, now);
    }

    @Override
    public OptimizationReport getLastReport() {
        return lastReport;
    }

    @Override
    public long getCooldownSeconds() {
        return cooldownMillis / 1000;
    }

    @Override
    public void setCooldownSeconds(long seconds) {
        if (seconds < 0 || seconds > MAX_COOLDOWN_SECONDS) {
            throw new IllegalArgumentException("cooldownSeconds must be between 0 and " + MAX_COOLDOWN_SECONDS
                    + ", was " + seconds);
        }
        cooldownMillis = seconds * 1000;
    }

    // ------------------------------------------------------------------------------------- heap-sizing flags

    @Override
    public List<HeapFlag> getHeapSizingFlags() {
        List<HeapFlag> flags = new ArrayList<>();
        boolean ratiosHonoured = !softMaxCollector() && !collectors().contains("Epsilon");
        for (String name : List.of("MinHeapFreeRatio", "MaxHeapFreeRatio")) {
            VMOption o = vm().getVMOption(name);
            flags.add(new HeapFlag(name, o.getValue(), o.isWriteable(), ratiosHonoured, ratiosHonoured
                    ? "percent of free heap kept after a full GC before the heap grows (min) or shrinks (max)"
                    : "not used by " + collectors()));
        }
        VMOption soft = vm().getVMOption("SoftMaxHeapSize");
        flags.add(new HeapFlag("SoftMaxHeapSize", soft.getValue(), soft.isWriteable(), softMaxCollector(),
                softMaxCollector() ? "the heap size the collector tries to stay under"
                        : "accepted but ignored by " + collectors() + "; only ZGC and Shenandoah honour it"));
        return flags;
    }

    @Override
    public synchronized List<HeapFlag> setHeapFreeRatios(int minPercent, int maxPercent) {
        if (minPercent < 0 || maxPercent > 100 || minPercent > maxPercent) {
            throw new IllegalArgumentException("need 0 <= minPercent <= maxPercent <= 100, was min " + minPercent
                    + ", max " + maxPercent);
        }
        for (String name : List.of("MinHeapFreeRatio", "MaxHeapFreeRatio")) {
            if (!vm().getVMOption(name).isWriteable()) {
                throw new UnsupportedOperationException(name + " cannot be changed at run time on this JVM");
            }
        }
        // The JVM checks min <= max on every single change: order the two so each step is valid.
        if (minPercent > Integer.parseInt(flag("MaxHeapFreeRatio"))) {
            vm().setVMOption("MaxHeapFreeRatio", Integer.toString(maxPercent));
            vm().setVMOption("MinHeapFreeRatio", Integer.toString(minPercent));
        } else {
            vm().setVMOption("MinHeapFreeRatio", Integer.toString(minPercent));
            vm().setVMOption("MaxHeapFreeRatio", Integer.toString(maxPercent));
        }
        return getHeapSizingFlags();
    }

    @Override
    public synchronized List<HeapFlag> setSoftMaxHeapSize(long bytes) {
        long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        if (bytes < (1 << 20) || (max > 0 && bytes > max)) {
            throw new IllegalArgumentException("SoftMaxHeapSize must be between 1 MB and the maximum heap (" + max
                    + " bytes), was " + bytes);
        }
        if (!softMaxCollector()) {
            throw new UnsupportedOperationException("SoftMaxHeapSize is honoured only by ZGC and Shenandoah; this JVM "
                    + "runs " + collectors() + ", which would accept and ignore it");
        }
        vm().setVMOption("SoftMaxHeapSize", Long.toString(bytes));
        return getHeapSizingFlags();
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static HotSpotDiagnosticMXBean vm() {
        return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    }

    private static String flag(String name) {
        try {
            return vm().getVMOption(name).getValue();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String collectors() {
        return String.join(" + ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
    }

    private static boolean softMaxCollector() {
        String c = collectors();
        return c.contains("ZGC") || c.contains("Shenandoah");
    }

    /** Whether System.gc() runs a stop-the-world full collection here (Serial, Parallel, G1 without the flag). */
    private static boolean systemGcIsFullCollection() {
        return !softMaxCollector() && !flag("ExplicitGCInvokesConcurrent").equals("true");
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Map<String, Long> heapPools() {
        Map<String, Long> used = new LinkedHashMap<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                used.put(pool.getName(), pool.getUsage().getUsed());
            }
        }
        return used;
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1048576.0);
    }
}
