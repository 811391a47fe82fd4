package io.memorymanager.budget;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.memorymanager.internal.DaemonThreads;
import io.memorymanager.internal.DiagnosticCommands;
import io.memorymanager.internal.Notifier;
import io.memorymanager.leak.Trends;
import io.memorymanager.system.CgroupMemory;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectName;

/**
 * {@link MemoryBudgetMXBean} for this JVM: the JVM's memory pools and buffer pools, its flags, Native Memory
 * Tracking when it is on, the cgroup files under a root directory ({@code /} unless told otherwise) and the
 * resident set. One reading serves every attribute for a second.
 *
 * <p>Longer than most classes because it holds both sides of the budget that share one reading: reading the JVM
 * (pools, flags, NMT) and judging and acting on it over time (levels, trend, notifications, last-chance actions).
 * The arithmetic of one reading is {@link Budget}'s.
 */
public final class MemoryBudget implements MemoryBudgetMXBean, NotificationEmitter, AutoCloseable {

    public static final String WARNING = "io.memorymanager.budget.warning";
    public static final String CRITICAL = "io.memorymanager.budget.critical";
    public static final String RECOVERED = "io.memorymanager.budget.recovered";
    /**
     * By default the trend of what counts is judged over this window, from a sample every {@link #CHECK_INTERVAL}:
     * the leak detector's defaults, whose window and sampling {@code MemoryManager} passes on.
     */
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);
    /** A budget read costs a few milliseconds: never more often than this. */
    static final Duration MIN_CHECK_INTERVAL = Duration.ofSeconds(1);
    static final double HYSTERESIS_PERCENT = 2;
    private static final long CACHE_NANOS = 1_000_000_000L;
    private static final long HOUR = 3600;
    private static final long QUARTER_HOUR = 900;

    private final Supplier<Budget.Inputs> reader;
    private final Clock clock;
    private final Duration window;
    private final Duration checkInterval;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private final Notifier notifier;
    private volatile Budget cached;
    private volatile long cachedAt;
    private volatile double warningPercent = 10;
    private volatile double criticalPercent = 5;
    private volatile BudgetLevel level = BudgetLevel.NORMAL;
    private volatile long secondsToLimit = -1;
    private volatile String levelReason = "";
    private ScheduledExecutorService executor;
    private final List<LastChance> lastChances = new CopyOnWriteArrayList<>();
    private final ArrayDeque<String> lastActions = new ArrayDeque<>();

    /** An action run on the way into CRITICAL, at most once per {@code minIntervalMillis}; it answers what it did. */
    private static final class LastChance {
        final String name;
        final long minIntervalMillis;
        final Supplier<String> action;
        long lastRunMillis = Long.MIN_VALUE;

        LastChance(String name, long minIntervalMillis, Supplier<String> action) {
            this.name = name;
            this.minIntervalMillis = minIntervalMillis;
            this.action = action;
        }
    }

    /**
     * Runs {@code action} each time the level rises to CRITICAL (a predicted OOM kill), on the budget's thread,
     * at most once per {@code minInterval}; what it answers, or why it failed, goes to {@link #getLastActions()}.
     */
    public void onCritical(String name, Duration minInterval, Supplier<String> action) {
        lastChances.add(new LastChance(name, minInterval.toMillis(), action));
    }

    /**
     * @param cgroupRoot the directory standing for {@code /} when reading cgroup files
     * @param physicalBytes the machine's physical memory, -1 when unknown
     * @param residentBytes the process's resident set, -1 when unknown
     */
    public MemoryBudget(Path cgroupRoot, LongSupplier physicalBytes, LongSupplier residentBytes, ObjectName source) {
        this(cgroupRoot, physicalBytes, residentBytes, source, WINDOW, CHECK_INTERVAL);
    }

    /**
     * @param window how far back the trend of what counts is judged (as the leak detector judges the heap floor)
     * @param checkInterval how often the budget is read and judged; at least {@link #MIN_CHECK_INTERVAL} is used
     */
    public MemoryBudget(Path cgroupRoot, LongSupplier physicalBytes, LongSupplier residentBytes, ObjectName source,
            Duration window, Duration checkInterval) {
        this(reader(new CgroupMemory.Reader(cgroupRoot), physicalBytes, residentBytes), Clock.systemUTC(), source,
                window, checkInterval);
    }

    MemoryBudget(Supplier<Budget.Inputs> reader, Clock clock, ObjectName source) {
        this(reader, clock, source, WINDOW, CHECK_INTERVAL);
    }

    MemoryBudget(Supplier<Budget.Inputs> reader, Clock clock, ObjectName source, Duration window,
            Duration checkInterval) {
        this.notifier = new Notifier(source, new MBeanNotificationInfo(
                new String[] {WARNING, CRITICAL, RECOVERED}, Notification.class.getName(),
                "Headroom under the process's memory limit fell below a threshold or the limit is predicted within "
                        + "an hour (warning) or 15 minutes (critical), or it recovered; once per crossing"));
        this.reader = reader;
        this.clock = clock;
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        this.window = window;
        this.checkInterval = checkInterval.compareTo(MIN_CHECK_INTERVAL) < 0 ? MIN_CHECK_INTERVAL : checkInterval;
    }

    /** Starts checking every check interval ({@link #CHECK_INTERVAL} by default) on a daemon thread. */
    public synchronized void start() {
        if (executor == null) {
            executor = DaemonThreads.scheduler("memory-manager-budget");
            executor.scheduleWithFixedDelay(() -> {
                try {
                    check();
                } catch (RuntimeException e) {
                    // a failed read is tried again at the next check
                }
            }, checkInterval.toMillis(), checkInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /**
     * Reads the budget afresh, adds what counts to the window, and moves the level, notifying once per crossing.
     * Only a cgroup limit is watched: without one the risk is the machine's, which the Monitor's {@code system}
     * metric watches.
     */
    synchronized BudgetLevel check() {
        Budget b = Budget.of(reader.get());
        cached = b;
        cachedAt = System.nanoTime();
        long now = clock.millis();
        boolean limited = b.limitSource().startsWith("cgroup");
        if (!limited || b.countedBytes() < 0) {
            samples.clear();
            secondsToLimit = -1;
            return move(BudgetLevel.NORMAL, "", now, b);
        }
        samples.addLast(new long[] {now, b.countedBytes()});
        while (!samples.isEmpty() && samples.peekFirst()[0] < now - window.toMillis()) {
            samples.removeFirst();
        }
        long[] t = samples.stream().mapToLong(x -> x[0]).toArray();
        long[] v = samples.stream().mapToLong(x -> x[1]).toArray();
        long ttl = Trends.secondsToLimit(t, v, b.limitBytes(), window, "Memory counted towards the limit");
        secondsToLimit = ttl;
        double headroom = b.headroomPercent();
        // hysteresis: a level reached is left only once the headroom is clear of its line by HYSTERESIS_PERCENT
        double criticalLine = criticalPercent + (level == BudgetLevel.CRITICAL ? HYSTERESIS_PERCENT : 0);
        double warningLine = warningPercent + (level != BudgetLevel.NORMAL ? HYSTERESIS_PERCENT : 0);
        BudgetLevel wanted;
        if (headroom < criticalLine || ttl >= 0 && ttl <= QUARTER_HOUR) {
            wanted = BudgetLevel.CRITICAL;
        } else if (headroom < warningLine || ttl >= 0 && ttl <= HOUR) {
            wanted = BudgetLevel.WARNING;
        } else {
            wanted = BudgetLevel.NORMAL;
        }
        String why = String.format("%s (%.1f%%) left under the %s limit", Budget.mb(b.headroomBytes()), headroom,
                Budget.mb(b.limitBytes())) + (ttl >= 0 ? "; at its trend the limit is reached in "
                        + Trends.duration(ttl) : "");
        return move(wanted, why, now, b);
    }

    private BudgetLevel move(BudgetLevel wanted, String why, long now, Budget b) {
        BudgetLevel was = level;
        level = wanted;
        levelReason = wanted == BudgetLevel.NORMAL ? "" : why;
        if (wanted == BudgetLevel.CRITICAL && was != BudgetLevel.CRITICAL) {
            for (LastChance c : lastChances) {
                if (c.lastRunMillis != Long.MIN_VALUE && now - c.lastRunMillis < c.minIntervalMillis) {
                    record(now, c.name + ": not run, it ran " + Trends.duration((now - c.lastRunMillis) / 1000)
                            + " ago (at most once per " + Trends.duration(c.minIntervalMillis / 1000) + ")");
                    continue;
                }
                c.lastRunMillis = now;
                String result;
                try {
                    result = c.action.get();
                } catch (RuntimeException e) {
                    result = "failed: " + e.getMessage();
                }
                record(now, c.name + ": " + result);
            }
        }
        if (wanted != was && notifier.hasListeners()) {
            String type = wanted == BudgetLevel.CRITICAL ? CRITICAL : wanted == BudgetLevel.WARNING ? WARNING
                    : RECOVERED;
            String advice = b.recommendations().isEmpty() ? "" : " " + b.recommendations().get(0);
            notifier.send(type, now, "Memory budget " + wanted + ": "
                    + (wanted == BudgetLevel.NORMAL ? "back to " + why(b) : why + "." + advice), null);
        }
        return wanted;
    }

    private static String why(Budget b) {
        return String.format("%s (%.1f%%) left under the %s limit", Budget.mb(b.headroomBytes()), b.headroomPercent(),
                Budget.mb(b.limitBytes()));
    }

    private void record(long now, String line) {
        synchronized (lastActions) {
            lastActions.addLast(java.time.Instant.ofEpochMilli(now).toString() + " " + line);
            while (lastActions.size() > 20) {
                lastActions.removeFirst();
            }
        }
    }

    @Override
    public List<String> getLastActions() {
        synchronized (lastActions) {
            return List.copyOf(lastActions);
        }
    }

    /** The level and what set it, in words; empty at NORMAL. */
    public String levelReason() {
        return levelReason;
    }

    @Override
    public BudgetLevel getLevel() {
        return level;
    }

    @Override
    public long getTimeToLimitSeconds() {
        return secondsToLimit;
    }

    @Override
    public double getHeadroomWarningPercent() {
        return warningPercent;
    }

    @Override
    public double getHeadroomCriticalPercent() {
        return criticalPercent;
    }

    @Override
    public synchronized void setHeadroomThresholds(double warning, double critical) {
        if (!(critical > 0 && critical < warning && warning < 100)) {
            throw new IllegalArgumentException("headroom thresholds must satisfy 0 < critical < warning < 100, were "
                    + "warning " + warning + ", critical " + critical);
        }
        warningPercent = warning;
        criticalPercent = critical;
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

    // the cgroup is found once; its files are read at each check
    private static Supplier<Budget.Inputs> reader(CgroupMemory.Reader cgroup, LongSupplier physicalBytes,
            LongSupplier residentBytes) {
        return () -> platform(cgroup, physicalBytes.getAsLong(), residentBytes.getAsLong());
    }

    static Budget.Inputs platform(CgroupMemory.Reader cgroup, long physicalBytes, long residentBytes) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Budget.Pool metaspace = Budget.Pool.NONE;
        Budget.Pool classSpace = Budget.Pool.NONE;
        long codeUsed = 0;
        long codeCommitted = 0;
        for (MemoryPoolMXBean p : FLAGS.memoryPools) {
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
        long mapped = 0;
        for (BufferPoolMXBean b : FLAGS.bufferPools) {
            if (b.getName().equals("direct")) {
                directUsed = b.getMemoryUsed();
            } else if (b.getName().startsWith("mapped")) {
                mapped += Math.max(0, b.getMemoryUsed());
            }
        }
        long maxDirect = FLAGS.maxDirect;
        boolean directBounded = maxDirect > 0;
        long maxMetaspace = FLAGS.maxMetaspace;
        // an unset MaxMetaspaceSize reads as (almost) 2^64
        boolean metaspaceBounded = maxMetaspace > 0 && maxMetaspace < (1L << 50);
        long stackKb = FLAGS.stackKb;
        return new Budget.Inputs(cgroup.read(), physicalBytes, residentBytes,
                new Budget.Pool(heap.getUsed(), heap.getCommitted(), heap.getMax()),
                metaspaceBounded ? new Budget.Pool(metaspace.usedBytes(), metaspace.committedBytes(), maxMetaspace)
                        : metaspace, metaspaceBounded, classSpace,
                new Budget.Pool(codeUsed, codeCommitted, FLAGS.reservedCodeCache), directUsed,
                directBounded ? maxDirect : heap.getMax(), directBounded, mapped,
                ManagementFactory.getThreadMXBean().getThreadCount(), stackKb > 0 ? stackKb * 1024 : 1L << 20,
                nativeMemory());
    }

    /**
     * The flags a budget reads and the pools it asks: fixed once the JVM runs, so read once (looking the pools up
     * builds an ObjectName for each, at every check).
     */
    private static final class Flags {
        final List<MemoryPoolMXBean> memoryPools = ManagementFactory.getMemoryPoolMXBeans();
        final List<BufferPoolMXBean> bufferPools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
        final long maxDirect = flag("MaxDirectMemorySize");
        final long maxMetaspace = flag("MaxMetaspaceSize");
        final long stackKb = flag("ThreadStackSize");
        final long reservedCodeCache = flag("ReservedCodeCacheSize");
    }

    private static final Flags FLAGS = new Flags();
    /** Native Memory Tracking cannot be switched on in a running JVM: once it said it is off, it is not asked again. */
    private static volatile boolean nmtOff;

    // VM.native_memory through the DiagnosticCommand MBean; empty when NMT is off or the command is missing.
    private static Optional<NmtSummary> nativeMemory() {
        if (nmtOff) {
            return Optional.empty();
        }
        try {
            Optional<NmtSummary> nmt = NmtSummary.parse(DiagnosticCommands.invoke("vmNativeMemory", "summary",
                    "scale=B"));
            nmtOff = nmt.isEmpty();
            return nmt;
        } catch (RuntimeException e) {
            nmtOff = true;
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

    // ------------------------------------------------------------------------------------------ notifications

    @Override
    public void addNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback) {
        notifier.addNotificationListener(listener, filter, handback);
    }

    @Override
    public void removeNotificationListener(NotificationListener listener) throws ListenerNotFoundException {
        notifier.removeNotificationListener(listener);
    }

    @Override
    public void removeNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback)
            throws ListenerNotFoundException {
        notifier.removeNotificationListener(listener, filter, handback);
    }

    @Override
    public MBeanNotificationInfo[] getNotificationInfo() {
        return notifier.getNotificationInfo();
    }
}
