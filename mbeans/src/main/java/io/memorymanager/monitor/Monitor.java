package io.memorymanager.monitor;

import io.memorymanager.internal.DaemonThreads;
import io.memorymanager.internal.Notifier;
import io.memorymanager.internal.Round;
import io.memorymanager.jvm.JvmMemory;
import io.memorymanager.jvm.JvmSnapshot;
import io.memorymanager.system.SystemMemory;
import io.memorymanager.system.SystemPressure;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MonitorMXBean}: one daemon thread ({@code memory-manager-monitor}) samples, keeps the history and sends
 * a notification per threshold crossing. A failing sample is logged once and never reaches the host application.
 */
public final class Monitor implements MonitorMXBean, NotificationEmitter, AutoCloseable {

    /** Notification type: a value reached its warning threshold (or fell back from critical to warning). */
    public static final String WARNING = "io.memorymanager.memory.warning";
    /** Notification type: a value reached its critical threshold. */
    public static final String CRITICAL = "io.memorymanager.memory.critical";
    /** Notification type: a value fell back below its warning threshold by more than the hysteresis. */
    public static final String RECOVERED = "io.memorymanager.memory.recovered";

    /** Points below a warning threshold from which the pressure level is {@link PressureLevel#ELEVATED}. */
    public static final double ELEVATED_MARGIN_PERCENT = 10;
    /** PSI memory stall share (some avg10, percent) from which the pressure level is at least ELEVATED. */
    public static final double ELEVATED_STALL_PERCENT = 10;

    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);

    private final SystemMemory system;
    private final JvmMemory jvm;
    private final Clock clock;
    private final int historySize;
    private final ArrayDeque<Sample> history;
    private Map<Metric, AlertState.Level> levels = PressureJudge.initialLevels();   // guarded by this
    private JvmSnapshot previousJvm;                                                 // guarded by this
    private final AtomicLong sampleCount = new AtomicLong();
    private final Notifier notifier;
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    private final ScheduledExecutorService executor;
    private volatile MonitorSettings settings;
    private volatile Sample last;
    private volatile String pressureCause = "";
    private ScheduledFuture<?> task;
    private boolean closed;

    public Monitor(SystemMemory system, JvmMemory jvm, MonitorSettings settings, ObjectName source) {
        this(system, jvm, settings, source, Clock.systemUTC());
    }

    Monitor(SystemMemory system, JvmMemory jvm, MonitorSettings settings, ObjectName source, Clock clock) {
        this.notifier = new Notifier(source, new MBeanNotificationInfo(
                new String[] {WARNING, CRITICAL, RECOVERED}, Notification.class.getName(),
                "Memory crossed a threshold (warning, critical) or went back under it (recovered); "
                        + "user data: metric, level, valuePercent, warningPercent, criticalPercent, timestampMillis"));
        this.system = system;
        this.jvm = jvm;
        this.settings = settings;
        this.clock = clock;
        this.historySize = settings.historySize();
        this.history = new ArrayDeque<>(Math.min(historySize, 1024));
        this.executor = DaemonThreads.scheduler("memory-manager-monitor");
    }

    /** Starts sampling at the configured interval; the first sample is taken at once. */
    public synchronized void start() {
        if (closed || task != null) {
            return;
        }
        schedule(0);
    }

    private synchronized void schedule(long initialDelayMillis) {
        if (task != null) {
            task.cancel(false);
        }
        long interval = settings.sampleInterval().toMillis();
        task = executor.scheduleWithFixedDelay(this::tick, initialDelayMillis, interval, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            sampleNow();
        } catch (RuntimeException | LinkageError e) {
            if (failureLogged.compareAndSet(false, true)) {
                LOG.warn("Memory sampling failed; will keep trying and stay quiet about it: {}", e.toString());
            }
        }
    }

    private final List<Consumer<PressureLevel>> levelListeners = new CopyOnWriteArrayList<>();

    /**
     * Calls {@code listener} on the sampling thread each time the pressure level changes (the first sample counts
     * as a change from NORMAL); it must return quickly.
     */
    public void onLevelChange(Consumer<PressureLevel> listener) {
        levelListeners.add(listener);
    }

    @Override
    public synchronized Sample sampleNow() {
        SystemPressure sys = system.pressure();
        JvmSnapshot now = jvm.snapshot();
        JvmMemory.Rates rates = JvmMemory.Rates.between(previousJvm, now);
        previousJvm = now;
        double heapAfterGc = now.heapAfterGcPercent();
        PressureJudge.Verdict v = PressureJudge.judge(levels, metric -> switch (metric) {
            case HEAP_AFTER_GC -> heapAfterGc;
            case SYSTEM -> sys.usedPercent();
            case CONTAINER -> sys.containerUsedPercent();
        }, sys.pressureSomeAvg10(), settings);
        levels = v.levels();
        long timestamp = clock.millis();
        for (PressureJudge.Crossing c : v.crossings()) {
            notify(c.change(), c.metric(), c.value(), c.thresholds(), timestamp);
        }
        pressureCause = v.cause();
        Sample sample = new Sample(timestamp, now.heapUsedBytes(), now.oldGenUsedAfterGcBytes(),
                Round.percent(heapAfterGc), Round.percent(sys.usedPercent()), Round.percent(sys.containerUsedPercent()),
                rates.allocationRateBytesPerSecond(), Round.percent(rates.gcOverheadPercent()), now.threadCount(),
                v.level());
        if (history.size() == historySize) {
            history.removeFirst();
        }
        history.addLast(sample);
        PressureLevel previous = last == null ? PressureLevel.NORMAL : last.pressureLevel();
        last = sample;
        if (v.level() != previous) {
            for (Consumer<PressureLevel> l : levelListeners) {
                try {
                    l.accept(v.level());
                } catch (RuntimeException e) {
                    // a listener's failure is its own; the sampler carries on
                }
            }
        }
        sampleCount.incrementAndGet();
        return sample;
    }

    private void notify(AlertState.Change change, Metric metric, double value, Thresholds t, long timestamp) {
        if (!notifier.hasListeners()) {
            return;
        }
        String verb = switch (change) {
            case WARNING -> "is at or above the warning threshold " + t.warningPercent() + "%";
            case CRITICAL -> "is at or above the critical threshold " + t.criticalPercent() + "%";
            default -> "is back below the warning threshold " + t.warningPercent() + "%";
        };
        notifier.send(change.notificationType, timestamp, metric.label() + " at " + PressureJudge.shown(value, t)
                + " " + verb, new MemoryAlert(metric.key(), change, Round.percent(value), t.warningPercent(),
                t.criticalPercent(), timestamp));
    }

    @Override
    public long getSampleIntervalMillis() {
        return settings.sampleInterval().toMillis();
    }

    @Override
    public synchronized void setSampleIntervalMillis(long millis) {
        if (millis < MIN_SAMPLE_INTERVAL_MILLIS) {
            throw new IllegalArgumentException(
                    "SampleIntervalMillis must be at least " + MIN_SAMPLE_INTERVAL_MILLIS + ", was " + millis);
        }
        if (millis > MonitorSettings.MAX_INTERVAL.toMillis()) {
            throw new IllegalArgumentException(
                    "SampleIntervalMillis must be at most " + MonitorSettings.MAX_INTERVAL.toMillis() + ", was " + millis);
        }
        settings = settings.withSampleInterval(java.time.Duration.ofMillis(millis));
        if (task != null && !closed) {
            schedule(millis);
        }
    }

    @Override
    public int getHistorySize() {
        return historySize;
    }

    @Override
    public synchronized List<Sample> getHistory() {
        return List.copyOf(history);
    }

    @Override
    public Sample getLastSample() {
        return last;
    }

    @Override
    public long getSampleCount() {
        return sampleCount.get();
    }

    @Override
    public PressureLevel getPressureLevel() {
        Sample s = last;
        return s == null ? PressureLevel.NORMAL : s.pressureLevel();
    }

    @Override
    public String getPressureCause() {
        return pressureCause;
    }

    @Override
    public double getHeapAfterGcWarningPercent() {
        return settings.heapAfterGc().warningPercent();
    }

    @Override
    public void setHeapAfterGcWarningPercent(double percent) {
        setThresholds(Metric.HEAP_AFTER_GC, percent, getHeapAfterGcCriticalPercent());
    }

    @Override
    public double getHeapAfterGcCriticalPercent() {
        return settings.heapAfterGc().criticalPercent();
    }

    @Override
    public void setHeapAfterGcCriticalPercent(double percent) {
        setThresholds(Metric.HEAP_AFTER_GC, getHeapAfterGcWarningPercent(), percent);
    }

    @Override
    public double getSystemWarningPercent() {
        return settings.system().warningPercent();
    }

    @Override
    public void setSystemWarningPercent(double percent) {
        setThresholds(Metric.SYSTEM, percent, getSystemCriticalPercent());
    }

    @Override
    public double getSystemCriticalPercent() {
        return settings.system().criticalPercent();
    }

    @Override
    public void setSystemCriticalPercent(double percent) {
        setThresholds(Metric.SYSTEM, getSystemWarningPercent(), percent);
    }

    @Override
    public double getContainerWarningPercent() {
        return settings.container().warningPercent();
    }

    @Override
    public void setContainerWarningPercent(double percent) {
        setThresholds(Metric.CONTAINER, percent, getContainerCriticalPercent());
    }

    @Override
    public double getContainerCriticalPercent() {
        return settings.container().criticalPercent();
    }

    @Override
    public void setContainerCriticalPercent(double percent) {
        setThresholds(Metric.CONTAINER, getContainerWarningPercent(), percent);
    }

    @Override
    public double getHysteresisPercent() {
        return settings.hysteresisPercent();
    }

    @Override
    public synchronized void setHysteresisPercent(double points) {
        MonitorSettings.checkHysteresis(points);
        settings = settings.withHysteresisPercent(points);
    }

    @Override
    public void setThresholds(String metric, double warning, double critical) {
        setThresholds(Metric.of(metric), warning, critical);
    }

    /** Sets both thresholds of {@code metric}; an invalid pair throws and changes nothing. */
    public synchronized void setThresholds(Metric metric, double warning, double critical) {
        Thresholds thresholds;
        try {
            thresholds = new Thresholds(warning, critical);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(metric.key() + " thresholds unchanged: " + e.getMessage(), e);
        }
        settings = settings.withThresholds(metric, thresholds);
    }

    /** The current settings, thresholds included. */
    public MonitorSettings settings() {
        return settings;
    }

    /** Stops sampling and its thread. */
    @Override
    public synchronized void close() {
        closed = true;
        if (task != null) {
            task.cancel(false);
        }
        executor.shutdownNow();
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
