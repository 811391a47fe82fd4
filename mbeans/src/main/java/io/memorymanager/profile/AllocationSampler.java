package io.memorymanager.profile;

import io.memorymanager.internal.ClassNames;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Attributes JFR's allocation samples ({@code jdk.ObjectAllocationSample}, streamed in this process) to call
 * sites over a sliding window of {@link #BUCKETS} time buckets. JFR throttles the samples (150 a second), which
 * is what keeps the cost near 1%; each sample's weight is the bytes it stands for.
 */
final class AllocationSampler implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AllocationSampler.class);

    static final int BUCKETS = 6;
    /** Application frames kept per site. */
    static final int SITE_FRAMES = 3;
    /** Distinct stacks kept per bucket for the flame graph; samples beyond are counted, not kept. */
    static final int MAX_STACKS = 20_000;
    private static final String EVENT = "jdk.ObjectAllocationSample";
    /** The site of an allocation whose stack has no Java frame (the JVM's own). */
    static final String NO_JAVA_FRAMES = "(no Java frames)";

    record SiteKey(List<String> frames, String className) {
    }

    /** A whole stack, root first, and the allocated class: one collapsed-stack line. */
    private record StackKey(List<String> rootFirst, String className) {
    }

    /** A stack as parsed once: its site frames and its frames root first. */
    private record ParsedStack(List<String> siteFrames, List<String> rootFirst) {
    }

    private static final class Bucket {
        final long startMillis;
        final Map<SiteKey, long[]> sites = new HashMap<>();
        final Map<StackKey, long[]> stacks = new HashMap<>();

        Bucket(long startMillis) {
            this.startMillis = startMillis;
        }
    }

    private final Clock clock;
    private final long bucketMillis;
    private final ArrayList<Bucket> buckets = new ArrayList<>();
    private RecordingStream stream;
    private long droppedStacks;

    AllocationSampler(Duration window, Clock clock) {
        this.clock = clock;
        this.bucketMillis = Math.max(1, window.toMillis() / BUCKETS);
    }

    synchronized boolean running() {
        return stream != null;
    }

    synchronized void start() {
        if (stream != null) {
            return;
        }
        RecordingStream s = new RecordingStream();
        s.enable(EVENT).withStackTrace().with("throttle", "150/s");
        s.setMaxAge(Duration.ofMinutes(2));
        s.onEvent(EVENT, this::onSample);
        s.onError(t -> LOG.warn("Allocation sampling failed: {}", t.toString()));
        s.startAsync();
        stream = s;
    }

    synchronized void stop() {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private volatile long events;

    long events() {
        return events;
    }

    // JFR hands out the same RecordedStackTrace and RecordedMethod objects for the same stack and method within a
    // chunk: parse each once. Without this, building frame strings per sample made profiling cost ~20%.
    private final Map<Object, ParsedStack> stackCache = new IdentityHashMap<>();
    private final Map<Object, String> methodCache = new IdentityHashMap<>();

    private void onSample(RecordedEvent e) {
        events++;
        RecordedClass cls = e.getClass("objectClass");
        RecordedStackTrace trace = e.getStackTrace();
        RecordedThread thread = e.getThread("eventThread");
        if (cls == null || trace == null || thread != null && thread.getJavaName() != null
                && OwnClasses.isOwnThread(thread.getJavaName())) {
            // what Memory Manager's own threads allocate (its sampling, its HTTP server) is not the application's
            return;
        }
        ParsedStack stack = stackCache.get(trace);
        if (stack == null) {
            if (stackCache.size() > 8192) {
                stackCache.clear();
                methodCache.clear();
            }
            stack = parse(trace);
            stackCache.put(trace, stack);
        }
        record(new SiteKey(stack.siteFrames(), javaName(cls.getName())), stack.rootFirst(), e.getLong("weight"));
    }

    private ParsedStack parse(RecordedStackTrace trace) {
        List<RecordedFrame> frames = trace.getFrames();
        String[] rootFirst = new String[frames.size()];
        int n = 0;
        List<String> site = new ArrayList<>(SITE_FRAMES);
        for (RecordedFrame f : frames) {
            if (!f.isJavaFrame()) {
                continue;
            }
            String method = methodCache.computeIfAbsent(f.getMethod(),
                    m -> ClassNames.readable(f.getMethod().getType().getName()) + "." + f.getMethod().getName());
            String frame = f.getLineNumber() > 0 ? method + ":" + f.getLineNumber() : method;
            rootFirst[n++] = frame;
            if (site.size() < SITE_FRAMES && isApplication(frame)) {
                site.add(frame);
            }
        }
        List<String> innermostFirst = Arrays.asList(Arrays.copyOf(rootFirst, n));
        if (site.isEmpty()) {
            site.add(n > 0 ? innermostFirst.get(0) : NO_JAVA_FRAMES);
        }
        List<String> root = new ArrayList<>(innermostFirst);
        Collections.reverse(root);
        return new ParsedStack(List.copyOf(site), List.copyOf(root));
    }

    /**
     * Whether a frame of {@code type} is the application's: not the JDK's, nor Memory Manager's or the libraries it
     * brings ({@link OwnClasses}), through which an application's allocation may pass (a pool's factory call).
     */
    static boolean isApplication(String type) {
        return !(type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.")
                || type.startsWith("sun.") || type.startsWith("com.sun.") || OwnClasses.isOwn(type));
    }

    /** A JVM class name as Java writes it ({@code [B} is {@code byte[]}). */
    static String javaName(String jvmName) {
        return ClassNames.readable(jvmName);
    }

    synchronized void record(SiteKey key, List<String> rootFirst, long weight) {
        Bucket b = current();
        long[] site = b.sites.computeIfAbsent(key, k -> new long[2]);
        site[0] += weight;
        site[1]++;
        StackKey stackKey = new StackKey(rootFirst, key.className());
        long[] stack = b.stacks.get(stackKey);
        if (stack == null) {
            if (b.stacks.size() >= MAX_STACKS) {
                droppedStacks++;
                return;
            }
            stack = new long[1];
            b.stacks.put(stackKey, stack);
        }
        stack[0] += weight;
    }

    /** For tests: a sample at {@code frames} (innermost first) of {@code className} weighing {@code bytes}. */
    void recordForTest(List<String> innermostFirst, String className, long bytes) {
        List<String> app = innermostFirst.stream().filter(AllocationSampler::isApplication).limit(SITE_FRAMES).toList();
        List<String> root = new ArrayList<>(innermostFirst);
        Collections.reverse(root);
        record(new SiteKey(app, className), List.copyOf(root), bytes);
    }

    private Bucket current() {
        long now = clock.millis();
        long start = now - Math.floorMod(now, bucketMillis);
        if (buckets.isEmpty() || buckets.get(buckets.size() - 1).startMillis != start) {
            buckets.add(new Bucket(start));
        }
        expire(now);
        return buckets.get(buckets.size() - 1);
    }

    private void expire(long now) {
        long oldest = now - bucketMillis * BUCKETS;
        buckets.removeIf(b -> b.startMillis <= oldest);
    }

    /** The {@code top} sites by estimated bytes over the window. */
    synchronized List<AllocationSite> topSites(int top) {
        expire(clock.millis());
        Map<SiteKey, long[]> merged = new HashMap<>();
        long total = 0;
        for (Bucket b : buckets) {
            for (Map.Entry<SiteKey, long[]> e : b.sites.entrySet()) {
                long[] m = merged.computeIfAbsent(e.getKey(), k -> new long[2]);
                m[0] += e.getValue()[0];
                m[1] += e.getValue()[1];
                total += e.getValue()[0];
            }
        }
        long all = total;
        return merged.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<SiteKey, long[]> e) -> e.getValue()[0]).reversed())
                .limit(top)
                .map(e -> new AllocationSite(e.getKey().frames(), e.getKey().className(), e.getValue()[0],
                        all > 0 ? 100.0 * e.getValue()[0] / all : 0, e.getValue()[1]))
                .toList();
    }

    /** Writes the window's stacks as collapsed-stack lines ({@code root;...;leaf;Class bytes}); returns lines. */
    synchronized int writeCollapsed(Path file) throws IOException {
        expire(clock.millis());
        Map<String, Long> merged = new HashMap<>();
        for (Bucket b : buckets) {
            for (Map.Entry<StackKey, long[]> e : b.stacks.entrySet()) {
                StringBuilder line = new StringBuilder();
                for (String frame : e.getKey().rootFirst()) {
                    line.append(clean(frame)).append(';');
                }
                line.append(clean(e.getKey().className()));
                merged.merge(line.toString(), e.getValue()[0], Long::sum);
            }
        }
        List<Map.Entry<String, Long>> lines = new ArrayList<>(merged.entrySet());
        lines.sort(Map.Entry.comparingByKey());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, Long> line : lines) {
                w.write(line.getKey());
                w.write(' ');
                w.write(Long.toString(line.getValue()));
                w.write('\n');
            }
        }
        return lines.size();
    }

    // The collapsed format splits frames on ';' and the count on the last ' '.
    private static String clean(String frame) {
        return frame.replace(';', ':').replace(' ', '_');
    }

    synchronized long droppedStacks() {
        return droppedStacks;
    }
}
