package io.memorymanager.leak;

import io.memorymanager.internal.DaemonThreads;
import io.memorymanager.internal.Notifier;
import io.memorymanager.internal.Round;
import io.memorymanager.profile.ClassHistogramEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
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
 * {@link LeakDetectorMXBean}. One daemon thread samples cheap counters (no pause: the floor comes from GC
 * notifications) into a {@link SampleWindow} and judges each {@link Signal} with {@link TrendJudge}: evidence
 * before alarm. While the heap floor or the loaded classes rise fast enough to alarm before their rate doubles
 * (the floor filling the heap within two days, 10 classes a minute), class histograms (a full GC each) are taken at
 * most once every tenth of the window (10 s to {@link #HISTOGRAM_INTERVAL}; five times less often after
 * {@link SuspectTracker#MAX_HISTOGRAMS}), and five times less often while the last one paused longer than
 * {@link #MAX_HISTOGRAM_PAUSE_MILLIS}, so that the first alarm already names its suspects; and a flight recording
 * ({@link HolderProbe}) tells what holds them and who starts growing threads. {@link Advice} words the findings,
 * {@link Transitions} decides the notifications.
 *
 * <p>What remains here is the one pass that puts them together each sample (which signal's verdict waits on which
 * evidence, when to take a histogram or start the probe), and the MXBean's settings: longer than most classes, but
 * one sequence that reads top to bottom.
 */
public final class LeakDetector implements LeakDetectorMXBean, NotificationEmitter, AutoCloseable {

    public static final String DETECTED = "io.memorymanager.leak.detected";
    public static final String ESCALATED = "io.memorymanager.leak.escalated";
    public static final String RESOLVED = "io.memorymanager.leak.resolved";
    static final Duration HISTOGRAM_INTERVAL = Duration.ofMinutes(1);
    static final Duration MIN_HISTOGRAM_INTERVAL = Duration.ofSeconds(10);
    static final long MAX_HISTOGRAM_PAUSE_MILLIS = 1000;
    /** The longest a WARNING waits for the probe to name its cause. */
    static final Duration MAX_CAUSE_WAIT = Duration.ofMinutes(5);
    /** A thread leak shows at least this many more threads a minute, and this many in all. */
    static final double MIN_THREADS_PER_MINUTE = 1;
    static final double MIN_THREAD_GROWTH = 10;
    /**
     * A healthy JVM keeps loading a few classes a minute for hours (reflection accessors, lambda forms; 8.5/min
     * measured in the demo), and a console opening loads a few hundred at once (a step).
     */
    static final double MIN_CLASSES_PER_MINUTE = 20;
    static final double MIN_CLASS_GROWTH = 150;
    /** Classes growing this fast are a leak even when no class loader multiplies (generated classes). */
    static final double MIN_CLASSES_PER_MINUTE_WITHOUT_LOADERS = 100;
    /** Direct memory alarms only above this much and this share of MaxDirectMemorySize. */
    static final long MIN_DIRECT_BYTES = 16L << 20;
    static final double MIN_DIRECT_SHARE = 0.05;
    /** Direct memory growing less than this over the window, and under {@link #MIN_DIRECT_BYTES}, is nothing. */
    static final double MIN_DIRECT_GROWTH = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(LeakDetector.class);

    private final LeakSources sources;
    private final Clock clock;
    private final long sampleIntervalMillis;
    private final SampleWindow samples = new SampleWindow();
    private final Transitions transitions = new Transitions();
    private final SuspectTracker tracker = new SuspectTracker();
    private final Notifier notifier;
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    private final ScheduledExecutorService executor;
    private volatile boolean enabled = true;
    private volatile long windowMillis;
    private volatile double alpha;
    private Map<String, Integer> firstThreadGroups = Map.of();
    private volatile List<Finding> findings = List.of();
    private volatile Assessment heap = Assessment.COLLECTING;
    private volatile List<Suspect> suspects = List.of();
    private boolean probing;
    private long slowSince = Long.MIN_VALUE;
    private final Map<Signal, Long> causeWaitSince = new EnumMap<>(Signal.class);

    /** A detector sampling every {@code sampleInterval} over {@code window}; call {@link #start()} to run it. */
    public LeakDetector(LeakSources sources, Duration window, Duration sampleInterval, ObjectName source) {
        this(sources, window, sampleInterval, source, Clock.systemUTC());
    }

    LeakDetector(LeakSources sources, Duration window, Duration sampleInterval, ObjectName source, Clock clock) {
        this.notifier = new Notifier(source, new MBeanNotificationInfo(
                new String[] {DETECTED, ESCALATED, RESOLVED}, Notification.class.getName(),
                "A leak finding reached WARNING (detected), got worse (escalated) or went away (resolved); "
                        + "user data: the finding"));
        this.sources = sources;
        this.clock = clock;
        this.sampleIntervalMillis = sampleInterval.toMillis();
        setWindowSeconds(window.toSeconds());
        this.alpha = 0.01;
        this.executor = DaemonThreads.scheduler("memory-manager-leak-detector");
    }

    /** Starts sampling and judging on the detector's daemon thread. */
    public void start() {
        executor.scheduleWithFixedDelay(this::tick, sampleIntervalMillis, sampleIntervalMillis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        if (!enabled) {
            return;
        }
        try {
            analyzeNow();
        } catch (RuntimeException | LinkageError e) {
            if (failureLogged.compareAndSet(false, true)) {
                LOG.warn("Leak analysis failed; will keep trying and stay quiet about it: {}", e.toString());
            }
        }
    }

    /** Takes one sample of every signal. */
    synchronized void sample() {
        if (samples.isEmpty()) {
            firstThreadGroups = sources.threadGroups();
        }
        samples.add(new SampleWindow.Sample(clock.millis(), sources.uptimeMillis(), sources.heapFloorBytes(windowMillis),
                sources.threadCount(), sources.loadedClassCount(), sources.unloadedClassCount(),
                sources.directBufferBytes(), sources.mappedBufferBytes()), windowMillis);
    }

    @Override
    public synchronized List<Finding> analyzeNow() {
        sample();
        long now = clock.millis();
        List<SampleWindow.Sample> window = samples.all();
        long[] evidence = TrendJudge.Rules.evidence(windowMillis);
        long warmUp = Math.min(60_000, windowMillis / 10);
        // threads and classes have no limit to project to: 7/8 of the full evidence (7 of the default 10 minutes)
        long countEvidence = Math.max(evidence[0], evidence[1] * 7 / 8);

        long maxHeap = sources.maxHeapBytes();
        Assessment heapNow = judge(window, s -> s.floor() >= 0, SampleWindow.Sample::floor, new TrendJudge.Rules(
                Signal.HEAP.what, TrendJudge::bytes, maxHeap, 0, 0, 0, 0, evidence[0], evidence[1], true));
        Assessment classes = judge(window, s -> s.uptimeMillis() >= warmUp, SampleWindow.Sample::loaded,
                new TrendJudge.Rules(Signal.CLASSES.what, n -> TrendJudge.count(n, "classes"), -1,
                        MIN_CLASSES_PER_MINUTE, MIN_CLASS_GROWTH, 0, 0, countEvidence, countEvidence, true));
        if (classes.alarm() && window.size() > 1 && window.get(window.size() - 1).unloaded() - window.get(0).unloaded()
                > 0.1 * (window.get(window.size() - 1).loaded() - window.get(0).loaded())) {
            classes = classes.heldBack("churn", "classes load and unload: churn, not a leak (" + classes.message() + ")");
        }
        // Histograms (a full collection each) only for a rise that could alarm before its rate doubles. Classes:
        // from half the rate a class leak shows (an idle JVM still loads a class or two a minute for hours), and not
        // while the rise has a shape no leak has (a console connecting loads a few hundred classes at once, a
        // service's warm-up thousands that level off): the window would keep that rise for its whole length. The
        // heap: a floor that at its rate fills the heap in under twice the day within which a rise may warn (a busy
        // service's floor creeps a few hundred KB a minute for hours); its shape does not stop them, because a heap
        // alarm waits on three of them, which must already be there when a cache's filling turns into a leak.
        boolean classesMayAlarm = classes.rising() && !classes.levelsOff()
                && classes.growthPerMinute() >= MIN_CLASSES_PER_MINUTE / 2;
        boolean heapFastEnough = fillsWithin(window, maxHeap, heapNow.growthPerMinute(), 2 * TrendJudge.DAY_SECONDS);
        boolean heapMayAlarm = heapNow.rising() && heapFastEnough;
        if (heapMayAlarm || classesMayAlarm) {
            maybeTakeHistogram(now);
        } else if (heapNow.severity() == Severity.NONE && classes.severity() == Severity.NONE) {
            tracker.clear();
        }
        // A class-loader leak multiplies a loader; without one, classes loaded late (a long warm-up, reflection
        // accessors for members first called later, the JMX clients reading us) are no leak unless they are many
        // (generated classes piling into one loader).
        if (classes.alarm() && tracker.histograms() < 2
                && classes.growthPerMinute() < MIN_CLASSES_PER_MINUTE_WITHOUT_LOADERS) {
            classes = classes.heldBack("confirming", classes.message() + "; to be confirmed by class histograms (at "
                    + "most one a minute), which tell a class-loader leak from classes loaded late");
        } else if (classes.alarm() && tracker.histograms() >= 2 && tracker.loaders().isEmpty()
                && classes.growthPerMinute() < MIN_CLASSES_PER_MINUTE_WITHOUT_LOADERS) {
            classes = classes.heldBack("no-loader", classes.message() + String.format("; but no class loader type "
                    + "multiplies in the class histograms: classes loaded late (warm-up, reflection accessors), not a "
                    + "class-loader leak; without a growing loader, %s/min or more would be one",
                    TrendJudge.count(MIN_CLASSES_PER_MINUTE_WITHOUT_LOADERS, "classes")));
        }
        if (heapNow.alarm()) {
            long from = window.stream().filter(x -> x.floor() >= 0).mapToLong(SampleWindow.Sample::millis).min()
                    .orElse(now);
            // The floor is only a floor when collections that leave no garbage behind bear it out: the full
            // collections of the detector's own histograms (exact), else those that cut the old generation.
            // measurements over a minute, or a third of a shorter window
            long confirmSpan = Math.min(60_000, windowMillis / 3);
            String why = tracker.contradicts(from, confirmSpan, heapNow.growthPerMinute());
            long pause = sources.lastHistogramPauseMillis();
            if (SuspectTracker.UNCONFIRMED.equals(why) && pause > MAX_HISTOGRAM_PAUSE_MILLIS) {
                why = sources.collectionsBearOut(from, confirmSpan, heapNow.growthPerMinute());
                if (SuspectTracker.UNCONFIRMED.equals(why)) {
                    heapNow = heapNow.heldBack("uncollected", heapNow.message() + String.format("; to be confirmed: "
                            + "class histograms, which measure the live heap, pause too long here (%d ms), and fewer "
                            + "than three collections have cut the old generation in this window, so what piled up "
                            + "there may be garbage", pause));
                    why = null;
                }
            } else if (SuspectTracker.UNCONFIRMED.equals(why)) {
                heapNow = heapNow.heldBack("confirming", heapNow.message() + "; to be confirmed by the live heap "
                        + "after full collections (the next class histograms, at most one a minute) before it is "
                        + "called a leak");
                why = null;
            }
            if (why != null) {
                heapNow = heapNow.heldBack("unconfirmed", heapNow.message() + "; but " + why);
            }
        }
        if (heapNow.alarm() && !tracker.softGrowth().isEmpty()) {
            heapNow = heapNow.heldBack("soft", heapNow.message() + "; but " + tracker.softGrowth()
                    + ": not judged a leak while they grow with it");
        }

        Assessment threads = judge(window, s -> s.uptimeMillis() >= warmUp, SampleWindow.Sample::threads,
                new TrendJudge.Rules(Signal.THREADS.what, n -> TrendJudge.count(n, "threads"), -1,
                        MIN_THREADS_PER_MINUTE, MIN_THREAD_GROWTH, 0, 0, countEvidence, countEvidence, true));
        Assessment direct = judge(window, s -> true, SampleWindow.Sample::direct, new TrendJudge.Rules(
                Signal.DIRECT_BUFFERS.what, TrendJudge::bytes, sources.maxDirectBufferBytes(), 0, MIN_DIRECT_GROWTH,
                MIN_DIRECT_BYTES,
                MIN_DIRECT_SHARE, evidence[0], evidence[1], true));
        Assessment mapped = judge(window, s -> true, SampleWindow.Sample::mapped, new TrendJudge.Rules(
                Signal.MAPPED_BUFFERS.what, TrendJudge::bytes, -1, 0, 0, 0, 0, evidence[0], evidence[1], false));

        String group = threads.rising() ? growingGroup() : null;
        Map<String, String> holders = probe(heapNow, heapFastEnough, classes, direct, group);
        List<Suspect> ranked = tracker.suspects().stream()
                .map(s -> holders.containsKey(s.className()) ? s.withHeldBy(holders.get(s.className())) : s)
                .toList();
        String loader = tracker.loaders().isEmpty() ? null : tracker.loaders().get(0);
        String objects = probing ? "JFR samples of live objects" : null;
        heapNow = awaitCause(Signal.HEAP, heapNow, ranked.isEmpty() || !ranked.get(0).heldBy().isEmpty() ? null
                : "what holds " + ranked.get(0).className(), objects, now);
        threads = awaitCause(Signal.THREADS, threads, group == null || holders.containsKey("thread:" + group) ? null
                : "who starts the " + group + " threads", objects, now);
        String site = holders.get("alloc:java.nio.DirectByteBuffer");
        direct = awaitCause(Signal.DIRECT_BUFFERS, direct, site != null ? null : "where the buffers are allocated",
                sources.tracesDirectBuffers() ? "sampling the callers of ByteBuffer.allocateDirect" : null, now);
        suspects = ranked;
        heap = heapNow;
        String creator = group == null ? null : holders.get("thread:" + group);

        List<Finding> result = new ArrayList<>();
        result.add(finding(Signal.HEAP, heapNow, Advice.heapMessage(heapNow, ranked),
                Advice.heapRecommendation(heapNow, ranked), now));
        long threadsNow = window.isEmpty() ? 0 : window.get(window.size() - 1).threads();
        result.add(finding(Signal.THREADS, threads, Advice.threadMessage(threads, threadsNow, group, creator),
                Advice.threadRecommendation(threads, group, creator), now));
        result.add(finding(Signal.CLASSES, classes, classes.message() + (classes.rising() && !tracker.loaderGrowth()
                .isEmpty() ? "; " + tracker.loaderGrowth() : ""),
                Advice.classRecommendation(classes, tracker.loaderGrowth(), holders, loader), now));
        result.add(finding(Signal.DIRECT_BUFFERS, direct, direct.message() + (direct.rising() && site != null
                ? "; allocated at " + site : ""), Advice.directRecommendation(direct, site), now));
        result.add(finding(Signal.MAPPED_BUFFERS, mapped, mapped.rising() ? mapped.message()
                + " (file mappings: address space, mostly not resident; not direct memory)" : mapped.message(), "", now));
        findings = List.copyOf(result);
        return findings;
    }

    /**
     * A WARNING whose cause the probe is still looking for (the holder of a slow leak's objects needs minutes of
     * the old-object sampler) waits for it as INFO, for at most {@link #MAX_CAUSE_WAIT} or a third of the window:
     * a warning is for a leak hours from the limit, and the page that names the cause is the one acted on. A
     * CRITICAL never waits, nor does anything when the probe is off.
     */
    private Assessment awaitCause(Signal signal, Assessment a, String missing, String how, long now) {
        if (a.severity() != Severity.WARNING || missing == null || how == null) {
            causeWaitSince.remove(signal);
            return a;
        }
        long since = causeWaitSince.computeIfAbsent(signal, k -> now);
        long cap = Math.min(MAX_CAUSE_WAIT.toMillis(), windowMillis / 3);
        if (now - since >= cap) {
            return a;
        }
        return a.heldBack("tracing", a.message() + "; a leak by the evidence, but " + missing + " is not known yet: "
                + "looking for it (" + how + ") before alerting, for "
                + TrendJudge.duration((cap - (now - since)) / 1000) + " more at most");
    }

    private Assessment judge(List<SampleWindow.Sample> window, Predicate<SampleWindow.Sample> keep,
            ToLongFunction<SampleWindow.Sample> value, TrendJudge.Rules rules) {
        long[][] series = SampleWindow.series(window, keep, value);
        return TrendJudge.judge(series[0], series[1], rules, alpha);
    }

    // What holds the top suspects, who starts the growing threads, where direct buffers come from: asked of the
    // sources' probe while something rises that it can tell about; stopped when nothing does.
    private Map<String, String> probe(Assessment heapNow, boolean heapFastEnough, Assessment classLoading,
            Assessment direct, String group) {
        List<String> classes = new ArrayList<>();
        // while there are suspects the recording goes on, even when the floor pauses for a sample or two: the
        // sampler's queue of live objects takes minutes to fill with a slow leak's, and a restart would empty it;
        // but not for a floor too slow to alarm before its rate doubles (as for histograms)
        if (heapFastEnough) {
            tracker.suspects().stream().limit(3).map(Suspect::className).forEach(classes::add);
        }
        if (classLoading.rising() || !tracker.loaders().isEmpty()) {
            classes.addAll(tracker.loaders());
        }
        // direct memory is traced (ByteBuffer.allocateDirect rewritten while it is) once it rises within reach of an
        // alarm: a quarter of the level that may warn, so that a console's few hundred KB never cost it
        double directAlarmLevel = Math.max(MIN_DIRECT_BYTES, MIN_DIRECT_SHARE * sources.maxDirectBufferBytes());
        if (direct.rising() && sources.directBufferBytes() >= directAlarmLevel / 4) {
            classes.add("java.nio.DirectByteBuffer");
        }
        // a heap rising enough to be judged (INFO) starts the recording before the first histogram names suspects:
        // the sampler needs minutes to catch enough of a slow leak's objects, and those minutes count before the
        // first alarm; a floor that merely wobbles upwards (NONE) costs nothing
        boolean heapRises = heapNow.rising() && heapFastEnough && heapNow.severity() != Severity.NONE;
        if (!classes.isEmpty() || group != null || heapRises) {
            probing = sources.probeHolders(classes, group);
        } else {
            sources.stopProbe();
            probing = false;
        }
        return sources.holders();
    }

    private Finding finding(Signal signal, Assessment a, String message, String recommendation, long now) {
        String type = transitions.record(signal, a.severity(), now);
        Finding f = new Finding(signal.name(), a.severity(), a.score(), a.growthPerMinute(), a.confidence(),
                transitions.since(signal, now), message, recommendation);
        if (type != null) {
            notify(type, f, now);
        }
        return f;
    }

    private void notify(String type, Finding f, long now) {
        if (notifier.hasListeners()) {
            notifier.send(type, now, f.kind() + " " + f.severity() + ": " + f.message()
                    + (f.recommendation().isEmpty() ? "" : " " + f.recommendation()), f);
        }
    }

    // ---------------------------------------------------------------------------------------------- suspects

    private void maybeTakeHistogram(long now) {
        long last = tracker.lastMillis();
        long interval = histogramIntervalMillis() * (tracker.histograms() >= SuspectTracker.MAX_HISTOGRAMS ? 5 : 1);
        if (last != Long.MIN_VALUE && now - last < interval) {
            return;
        }
        if (sources.lastHistogramPauseMillis() > MAX_HISTOGRAM_PAUSE_MILLIS) {
            // one that paused too long is tried again after a back-off of five intervals (at most the window): a
            // machine busy for a while must not blind the detector for good, and what a slow histogram measures
            // still confirms a floor (three of them, ten minutes apart at the defaults)
            long backoff = Math.min(windowMillis, interval * 5);
            slowSince = slowSince == Long.MIN_VALUE ? now : slowSince;
            if (now - Math.max(slowSince, last) < backoff) {
                return;
            }
        }
        List<ClassHistogramEntry> rows;
        try {
            rows = sources.histogram();
        } catch (IllegalStateException | RejectedExecutionException e) {
            return;
        }
        slowSince = sources.lastHistogramPauseMillis() > MAX_HISTOGRAM_PAUSE_MILLIS ? now : Long.MIN_VALUE;
        tracker.offer(rows, now, sources.histogramFootprint());
    }

    // Whether the heap floor, from its last reading at perMinute, reaches max within seconds; true when unknown.
    private static boolean fillsWithin(List<SampleWindow.Sample> window, long max, double perMinute, long seconds) {
        long floor = window.isEmpty() ? -1 : window.get(window.size() - 1).floor();
        return max <= 0 || floor < 0 || perMinute <= 0 || (max - floor) / perMinute * 60 <= seconds;
    }

    /** A tenth of the window, from {@link #MIN_HISTOGRAM_INTERVAL} to {@link #HISTOGRAM_INTERVAL}. */
    long histogramIntervalMillis() {
        return Math.max(MIN_HISTOGRAM_INTERVAL.toMillis(), Math.min(HISTOGRAM_INTERVAL.toMillis(), windowMillis / 10));
    }

    // The thread group (name with digits as #) that grew most since the first sample, with its growth.
    private String growingGroup() {
        Map<String, Integer> now = sources.threadGroups();
        String best = null;
        int growth = 0;
        for (Map.Entry<String, Integer> e : now.entrySet()) {
            int g = e.getValue() - firstThreadGroups.getOrDefault(e.getKey(), 0);
            if (g > growth) {
                growth = g;
                best = e.getKey();
            }
        }
        return best;
    }

    // ----------------------------------------------------------------------------------------------- MXBean

    @Override
    public Severity getStatus() {
        return findings.stream().map(Finding::severity).max(Comparator.naturalOrder()).orElse(Severity.NONE);
    }

    @Override
    public int getLeakScore() {
        return findings.stream().mapToInt(Finding::score).max().orElse(0);
    }

    @Override
    public double getHeapGrowthBytesPerMinute() {
        return Round.bytes(heap.growthPerMinute());
    }

    @Override
    public long getTimeToExhaustionSeconds() {
        return heap.timeToExhaustionSeconds();
    }

    @Override
    public List<Finding> getFindings() {
        return findings;
    }

    @Override
    public List<Suspect> getSuspects() {
        return suspects;
    }

    @Override
    public List<String> getRecommendations() {
        return findings.stream().map(Finding::recommendation).filter(r -> !r.isEmpty()).toList();
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean on) {
        enabled = on;
    }

    @Override
    public long getWindowSeconds() {
        return windowMillis / 1000;
    }

    @Override
    public synchronized void setWindowSeconds(long seconds) {
        if (seconds < 60 || seconds > 86_400) {
            throw new IllegalArgumentException("WindowSeconds must be between 60 and 86400, was " + seconds);
        }
        windowMillis = seconds * 1000;
    }

    @Override
    public long getSampleIntervalMillis() {
        return sampleIntervalMillis;
    }

    @Override
    public double getSignificanceLevel() {
        return alpha;
    }

    @Override
    public void setSignificanceLevel(double level) {
        if (!(level >= 0.0001 && level <= 0.1)) {
            throw new IllegalArgumentException("SignificanceLevel must be between 0.0001 and 0.1, was " + level);
        }
        alpha = level;
    }

    @Override
    public synchronized int getSampleCount() {
        return samples.size();
    }

    @Override
    public synchronized void reset() {
        samples.clear();
        transitions.clear();
        tracker.clear();
        sources.forgetHolders();
        suspects = List.of();
        findings = List.of();
        heap = Assessment.COLLECTING;
    }

    /** Stops the detector's thread. */
    @Override
    public void close() {
        executor.shutdownNow();
        sources.close();
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
