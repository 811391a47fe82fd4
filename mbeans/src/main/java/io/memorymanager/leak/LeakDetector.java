package io.memorymanager.leak;

import io.memorymanager.internal.ClassNames;
import io.memorymanager.internal.DaemonThreads;
import io.memorymanager.internal.NotificationSupport;
import io.memorymanager.profile.ClassHistogramEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LeakDetectorMXBean}. One daemon thread samples cheap counters (no pause: the floor comes from GC
 * notifications) into fixed-size windows and judges each signal; class histograms, which pause the application,
 * are taken only while the heap finding is WARNING or worse, at most once every tenth of the window (10 s to
 * {@link #HISTOGRAM_INTERVAL}), and not when the last one paused longer than {@link #MAX_HISTOGRAM_PAUSE_MILLIS}.
 */
public final class LeakDetector extends NotificationSupport implements LeakDetectorMXBean, AutoCloseable {

    public static final String DETECTED = "io.memorymanager.leak.detected";
    public static final String ESCALATED = "io.memorymanager.leak.escalated";
    public static final String RESOLVED = "io.memorymanager.leak.resolved";
    static final Duration HISTOGRAM_INTERVAL = Duration.ofMinutes(1);
    static final Duration MIN_HISTOGRAM_INTERVAL = Duration.ofSeconds(10);
    static final long MAX_HISTOGRAM_PAUSE_MILLIS = 1000;
    private static final int MAX_SAMPLES = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(LeakDetector.class);
    private static final CompositeType FINDING_TYPE = findingType();

    enum Kind { HEAP, THREADS, CLASSES, DIRECT_BUFFERS }

    private record Sample(long millis, long floor, long threads, long loaded, long unloaded, long direct) {
    }

    private final LeakSources sources;
    private final Clock clock;
    private final ObjectName source;
    private final long sampleIntervalMillis;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final Map<Kind, Severity> state = new EnumMap<>(Kind.class);
    private final Map<Kind, Long> since = new EnumMap<>(Kind.class);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    private final ScheduledExecutorService executor;
    private volatile boolean enabled = true;
    private volatile long windowMillis;
    private volatile double alpha;
    private Map<String, Integer> firstThreadGroups = Map.of();
    private volatile List<Finding> findings = List.of();
    private volatile HeapAssessment heap = new HeapAssessment(Severity.NONE, 0, 0, -1, 0, "collecting", "");
    private final List<Map<String, ClassHistogramEntry>> histograms = new ArrayList<>();
    private final List<Long> histogramTimes = new ArrayList<>();
    private volatile List<Suspect> suspects = List.of();

    /** A detector sampling every {@code sampleInterval} over {@code window}; call {@link #start()} to run it. */
    public LeakDetector(LeakSources sources, Duration window, Duration sampleInterval, ObjectName source) {
        this(sources, window, sampleInterval, source, Clock.systemUTC());
    }

    LeakDetector(LeakSources sources, Duration window, Duration sampleInterval, ObjectName source, Clock clock) {
        super(new MBeanNotificationInfo(new String[] {DETECTED, ESCALATED, RESOLVED}, Notification.class.getName(),
                "A leak finding reached WARNING (detected), got worse (escalated) or went away (resolved); "
                        + "user data: the finding"));
        this.sources = sources;
        this.clock = clock;
        this.source = source;
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
        long now = clock.millis();
        if (samples.isEmpty()) {
            firstThreadGroups = sources.threadGroups();
        }
        samples.addLast(new Sample(now, sources.heapFloorBytes(windowMillis), sources.threadCount(), sources.loadedClassCount(),
                sources.unloadedClassCount(), sources.directBufferBytes()));
        while (samples.size() > MAX_SAMPLES || (!samples.isEmpty() && samples.peekFirst().millis() < now - windowMillis)) {
            samples.removeFirst();
        }
    }

    @Override
    public synchronized List<Finding> analyzeNow() {
        sample();
        long now = clock.millis();
        List<Finding> result = new ArrayList<>();
        List<Sample> window = List.copyOf(samples);
        List<Sample> withFloor = window.stream().filter(s -> s.floor() >= 0).toList();
        heap = FloorAnalyzer.assess(times(withFloor), values(withFloor, Sample::floor), sources.maxHeapBytes(), alpha);
        if (heap.severity().compareTo(Severity.WARNING) >= 0) {
            maybeTakeHistogram(now);
        } else if (heap.severity() == Severity.NONE) {
            histograms.clear();
            histogramTimes.clear();
            suspects = List.of();
        }
        result.add(finding(Kind.HEAP, heap, heap.message(), heapRecommendation(), now));

        HeapAssessment threads = atLeast(FloorAnalyzer.assess(times(window), values(window, Sample::threads), -1, alpha),
                MIN_THREADS_PER_MINUTE, window);
        result.add(finding(Kind.THREADS, threads, threadMessage(threads, window), threadRecommendation(threads), now));

        HeapAssessment classes = atLeast(FloorAnalyzer.assess(times(window), values(window, Sample::loaded), -1, alpha),
                MIN_CLASSES_PER_MINUTE, window);
        if (classes.severity().compareTo(Severity.INFO) > 0 && window.size() > 1
                && window.get(window.size() - 1).unloaded() - window.get(0).unloaded()
                        > 0.1 * (window.get(window.size() - 1).loaded() - window.get(0).loaded())) {
            classes = new HeapAssessment(Severity.INFO, 30, classes.growthBytesPerMinute(), -1, classes.confidence(),
                    "churn", "");
        }
        result.add(finding(Kind.CLASSES, classes, classMessage(classes), classes.severity().compareTo(Severity.INFO) > 0
                ? "Loaded classes grow while none unload: a class-loader leak (redeploys, dynamic proxies, script "
                        + "engines, generated classes). Take a heap dump with Profiler.dumpHeap and look for "
                        + "ClassLoader instances and what still references them." : "", now));

        HeapAssessment direct = atLeast(FloorAnalyzer.assess(times(window), values(window, Sample::direct), -1, alpha),
                MIN_DIRECT_BYTES_PER_MINUTE, window);
        result.add(finding(Kind.DIRECT_BUFFERS, direct, directMessage(direct),
                direct.severity().compareTo(Severity.INFO) > 0
                        ? "Direct buffer memory grows steadily: look for ByteBuffer.allocateDirect without reuse, or "
                                + "pooled network buffers never released; it lives outside the heap, so heap dumps "
                                + "show only the small ByteBuffer objects that hold it." : "", now));
        findings = List.copyOf(result);
        return findings;
    }

    /**
     * Signals without a limit to run into warn only above a rate real leaks reach: a healthy JVM keeps loading a
     * few classes a minute for hours (reflection accessors, lambda forms), measured at 8.5/min in the demo.
     */
    static final double MIN_CLASSES_PER_MINUTE = 60;
    static final double MIN_THREADS_PER_MINUTE = 2;
    static final double MIN_DIRECT_BYTES_PER_MINUTE = 1 << 20;

    /**
     * Signals without a limit to run into (threads, classes, direct buffers) warn only above a rate real leaks
     * reach, and only once the samples span half the window: a starting JVM loads classes and grows thread
     * pools for a minute or two, which looks like growth until the plateau shows.
     */
    private HeapAssessment atLeast(HeapAssessment a, double minPerMinute, List<Sample> window) {
        if (a.severity().compareTo(Severity.WARNING) < 0) {
            return a;
        }
        if (a.growthBytesPerMinute() < minPerMinute) {
            return new HeapAssessment(Severity.INFO, 40, a.growthBytesPerMinute(), -1, a.confidence(), "slow",
                    a.message());
        }
        long span = window.get(window.size() - 1).millis() - window.get(0).millis();
        if (span < windowMillis / 2) {
            return new HeapAssessment(Severity.INFO, 45, a.growthBytesPerMinute(), -1, a.confidence(), "early",
                    a.message());
        }
        return a;
    }

    private Finding finding(Kind kind, HeapAssessment a, String message, String recommendation, long now) {
        Severity before = state.getOrDefault(kind, Severity.NONE);
        if (before != a.severity()) {
            since.put(kind, now);
            state.put(kind, a.severity());
        }
        Finding f = new Finding(kind.name(), a.severity(), a.score(), a.growthBytesPerMinute(), a.confidence(),
                since.getOrDefault(kind, now), message, recommendation);
        boolean wasAlarm = before.compareTo(Severity.WARNING) >= 0;
        boolean isAlarm = a.severity().compareTo(Severity.WARNING) >= 0;
        if (!wasAlarm && isAlarm) {
            notify(DETECTED, f, now);
        } else if (wasAlarm && isAlarm && a.severity().compareTo(before) > 0) {
            notify(ESCALATED, f, now);
        } else if (wasAlarm && !isAlarm) {
            notify(RESOLVED, f, now);
        }
        return f;
    }

    private void notify(String type, Finding f, long now) {
        if (!hasListeners()) {
            return;
        }
        Notification n = new Notification(type, source, sequence.incrementAndGet(), now,
                f.kind() + " " + f.severity() + ": " + f.message());
        try {
            n.setUserData(new CompositeDataSupport(FINDING_TYPE,
                    new String[] {"kind", "severity", "score", "growthPerMinute", "confidence", "sinceMillis", "message",
                        "recommendation"},
                    new Object[] {f.kind(), f.severity().name(), f.score(), f.growthPerMinute(), f.confidence(),
                        f.sinceMillis(), f.message(), f.recommendation()}));
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
        send(n);
    }

    // ---------------------------------------------------------------------------------------------- suspects

    private void maybeTakeHistogram(long now) {
        if (!histogramTimes.isEmpty() && now - histogramTimes.get(histogramTimes.size() - 1) < histogramIntervalMillis()) {
            return;
        }
        if (sources.lastHistogramPauseMillis() > MAX_HISTOGRAM_PAUSE_MILLIS) {
            return;
        }
        List<ClassHistogramEntry> rows;
        try {
            rows = sources.histogram();
        } catch (IllegalStateException e) {
            return;
        }
        Map<String, ClassHistogramEntry> byName = new HashMap<>();
        for (ClassHistogramEntry row : rows) {
            byName.putIfAbsent(row.className(), row);
        }
        histograms.add(byName);
        histogramTimes.add(now);
        if (histograms.size() > 10) {
            histograms.remove(1);
            histogramTimes.remove(1);
        }
        suspects = rankSuspects();
    }

    /** A tenth of the window, from {@link #MIN_HISTOGRAM_INTERVAL} to {@link #HISTOGRAM_INTERVAL}. */
    long histogramIntervalMillis() {
        return Math.max(MIN_HISTOGRAM_INTERVAL.toMillis(), Math.min(HISTOGRAM_INTERVAL.toMillis(), windowMillis / 10));
    }

    private List<Suspect> rankSuspects() {
        int h = histograms.size();
        if (h < 2) {
            return List.of();
        }
        Map<String, ClassHistogramEntry> first = histograms.get(0);
        Map<String, ClassHistogramEntry> last = histograms.get(h - 1);
        double minutes = Math.max(1, histogramTimes.get(h - 1) - histogramTimes.get(0)) / 60_000.0;
        List<Suspect> list = new ArrayList<>();
        for (ClassHistogramEntry now : last.values()) {
            if (isOwnClass(now.className())) {
                continue;
            }
            ClassHistogramEntry was = first.get(now.className());
            long di = now.instances() - (was == null ? 0 : was.instances());
            long db = now.bytes() - (was == null ? 0 : was.bytes());
            if (db <= 0 || di <= 0) {
                continue;
            }
            int increases = 0;
            for (int i = 1; i < h; i++) {
                ClassHistogramEntry a = histograms.get(i - 1).get(now.className());
                ClassHistogramEntry b = histograms.get(i).get(now.className());
                if (b != null && (a == null || b.instances() > a.instances())) {
                    increases++;
                }
            }
            list.add(new Suspect(now.className(), di / minutes, db / minutes, now.instances(),
                    isApplicationClass(now.className()), increases / (double) (h - 1)));
        }
        // Growth under 1% of the largest is noise (a class loaded once since the first histogram). An application
        // class that grows steadily, in numbers comparable to the JDK classes growing with it, leads: a Session
        // holding byte[] payloads grows far fewer bytes than its byte[] and HashMap$Node companions but is what
        // to look at. A real byte[] leak, with no application class growing like that, still has byte[] first.
        double largest = list.stream().mapToDouble(Suspect::bytesPerMinute).max().orElse(0);
        double jdkInstances = list.stream().filter(x -> !x.application())
                .mapToDouble(Suspect::instancesPerMinute).max().orElse(0);
        Predicate<Suspect> leads = x -> x.application() && x.confidence() >= 0.5
                && x.instancesPerMinute() >= 0.01 * jdkInstances;
        return list.stream()
                .filter(x -> x.bytesPerMinute() >= 0.01 * largest || leads.test(x))
                .sorted(Comparator.comparing((Suspect x) -> !leads.test(x))
                        .thenComparing(Comparator.comparingDouble(Suspect::bytesPerMinute).reversed()))
                .limit(20)
                .toList();
    }

    /** Memory Manager's own classes, never suspects (the demo's classes are an application's). */
    static boolean isOwnClass(String name) {
        return name.startsWith("io.memorymanager.") && !name.startsWith("io.memorymanager.samples.");
    }

    /** Whether a class name belongs to the application rather than the JDK (arrays of JDK types included). */
    static boolean isApplicationClass(String name) {
        String n = name;
        while (n.startsWith("[")) {
            n = n.substring(1);
        }
        if (n.length() == 1) {
            return false;
        }
        if (n.startsWith("L") && n.endsWith(";")) {
            n = n.substring(1, n.length() - 1);
        }
        return !(n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
                || n.startsWith("com.sun."));
    }

    // -------------------------------------------------------------------------------------------- messages

    private String heapRecommendation() {
        if (heap.severity().compareTo(Severity.WARNING) < 0) {
            return "";
        }
        List<Suspect> s = suspects;
        String rate = FloorAnalyzer.bytes(heap.growthBytesPerMinute()) + "/min";
        if (!s.isEmpty()) {
            Suspect top = s.get(0);
            return String.format("Instances of %s grow %s/min (%s/min) while the heap floor grows %s; take a heap "
                    + "dump with Profiler.dumpHeap and look at what holds them.", ClassNames.javaName(top.className()),
                    count(top.instancesPerMinute()), FloorAnalyzer.bytes(top.bytesPerMinute()), rate);
        }
        return "The heap floor grows " + rate + "; suspect classes will be named after the next class histograms "
                + "(taken at most once a minute while this lasts). Meanwhile Profiler.classHistogramDiff shows what grows.";
    }

    private String threadMessage(HeapAssessment a, List<Sample> window) {
        if (a.severity() == Severity.NONE || window.isEmpty()) {
            return "no sustained growth of live threads" + (window.isEmpty() ? "" : " (" + window.get(window.size() - 1).threads() + " now)");
        }
        return String.format("live threads grow %.1f/min (%d now); fastest-growing group: %s",
                a.growthBytesPerMinute(), window.get(window.size() - 1).threads(), growingGroup());
    }

    private String threadRecommendation(HeapAssessment a) {
        if (a.severity().compareTo(Severity.WARNING) < 0) {
            return "";
        }
        return "Threads named '" + growingGroup() + "' keep being created and never end: look for executors or "
                + "timers created per request and never shut down, or blocked threads piling up.";
    }

    private String growingGroup() {
        Map<String, Integer> now = sources.threadGroups();
        String best = "?";
        int growth = Integer.MIN_VALUE;
        for (Map.Entry<String, Integer> e : now.entrySet()) {
            int g = e.getValue() - firstThreadGroups.getOrDefault(e.getKey(), 0);
            if (g > growth) {
                growth = g;
                best = e.getKey() + " (+" + g + ")";
            }
        }
        return best;
    }

    private static String classMessage(HeapAssessment a) {
        return a.severity() == Severity.NONE ? "no sustained growth of loaded classes"
                : a.pattern().equals("churn") ? "classes load and unload: churn, not a leak"
                : String.format("loaded classes grow %.1f/min", a.growthBytesPerMinute());
    }

    private static String directMessage(HeapAssessment a) {
        return a.severity() == Severity.NONE ? "no sustained growth of direct buffer memory"
                : String.format("direct buffer memory grows %s/min", FloorAnalyzer.bytes(a.growthBytesPerMinute()));
    }

    private static String count(double n) {
        return n >= 1000 ? String.format("%.1f k", n / 1000) : String.format("%.0f", n);
    }

    private static long[] times(List<Sample> s) {
        return s.stream().mapToLong(Sample::millis).toArray();
    }

    private static long[] values(List<Sample> s, java.util.function.ToLongFunction<Sample> f) {
        return s.stream().mapToLong(f).toArray();
    }

    private static CompositeType findingType() {
        try {
            return new CompositeType("io.memorymanager.LeakFinding", "A leak finding",
                    new String[] {"kind", "severity", "score", "growthPerMinute", "confidence", "sinceMillis", "message",
                        "recommendation"},
                    new String[] {"HEAP, THREADS, CLASSES or DIRECT_BUFFERS", "NONE, INFO, WARNING or CRITICAL",
                        "0-100", "growth per minute in the signal's unit", "0-1", "since, epoch ms", "what was seen",
                        "what to do"},
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.INTEGER, SimpleType.DOUBLE,
                        SimpleType.DOUBLE, SimpleType.LONG, SimpleType.STRING, SimpleType.STRING});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
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
        return heap.growthBytesPerMinute();
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
        state.clear();
        since.clear();
        histograms.clear();
        histogramTimes.clear();
        suspects = List.of();
        findings = List.of();
        heap = new HeapAssessment(Severity.NONE, 0, 0, -1, 0, "collecting", "");
    }

    /** Stops the detector's thread. */
    @Override
    public void close() {
        executor.shutdownNow();
        sources.close();
    }
}
