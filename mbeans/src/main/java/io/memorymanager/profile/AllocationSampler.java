package io.memorymanager.profile;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
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

    record SiteKey(List<String> frames, String className) {
    }

    private static final class Bucket {
        final long startMillis;
        final Map<SiteKey, long[]> sites = new HashMap<>();
        final Map<String, long[]> stacks = new HashMap<>();

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

    private void onSample(RecordedEvent e) {
        events++;
        RecordedClass cls = e.getClass("objectClass");
        long weight = e.getLong("weight");
        RecordedStackTrace trace = e.getStackTrace();
        if (cls == null || trace == null) {
            return;
        }
        List<RecordedFrame> frames = trace.getFrames();
        List<String> all = new ArrayList<>(frames.size());
        List<String> app = new ArrayList<>(SITE_FRAMES);
        for (RecordedFrame f : frames) {
            if (!f.isJavaFrame()) {
                continue;
            }
            String type = f.getMethod().getType().getName();
            String frame = type + "." + f.getMethod().getName()
                    + (f.getLineNumber() > 0 ? ":" + f.getLineNumber() : "");
            all.add(frame);
            if (app.size() < SITE_FRAMES && isApplication(type)) {
                app.add(frame);
            }
        }
        if (app.isEmpty() && !all.isEmpty()) {
            app.add(all.get(0));
        }
        record(new SiteKey(List.copyOf(app), javaName(cls.getName())), all, weight);
    }

    /**
     * Whether a frame of {@code type} is the application's rather than the JDK's. Memory Manager's own frames
     * count as application frames: when it allocates, that is worth seeing.
     */
    static boolean isApplication(String type) {
        return !(type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.")
                || type.startsWith("sun.") || type.startsWith("com.sun."));
    }

    /** A JVM class name as Java writes it: {@code [B} is {@code byte[]}, {@code [Ljava.lang.String;} is {@code java.lang.String[]}. */
    static String javaName(String jvmName) {
        int dims = 0;
        while (dims < jvmName.length() && jvmName.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return jvmName;
        }
        String element = jvmName.substring(dims);
        String base = switch (element) {
            case "B" -> "byte";
            case "C" -> "char";
            case "D" -> "double";
            case "F" -> "float";
            case "I" -> "int";
            case "J" -> "long";
            case "S" -> "short";
            case "Z" -> "boolean";
            default -> element.startsWith("L") && element.endsWith(";")
                    ? element.substring(1, element.length() - 1) : element;
        };
        return base + "[]".repeat(dims);
    }

    // innermostFirst: frames as JFR gives them, the allocating one first.
    synchronized void record(SiteKey key, List<String> innermostFirst, long weight) {
        Bucket b = current();
        long[] site = b.sites.computeIfAbsent(key, k -> new long[2]);
        site[0] += weight;
        site[1]++;
        StringBuilder collapsed = new StringBuilder();
        for (int i = innermostFirst.size() - 1; i >= 0; i--) {
            collapsed.append(innermostFirst.get(i).replace(';', ':').replace(' ', '_')).append(';');
        }
        collapsed.append(key.className().replace(';', ':').replace(' ', '_'));
        String line = collapsed.toString();
        long[] stack = b.stacks.get(line);
        if (stack == null) {
            if (b.stacks.size() >= MAX_STACKS) {
                droppedStacks++;
                return;
            }
            stack = new long[1];
            b.stacks.put(line, stack);
        }
        stack[0] += weight;
    }

    /** For tests: a sample at {@code frames} (innermost first) of {@code className} weighing {@code bytes}. */
    void recordForTest(List<String> frames, String className, long bytes) {
        List<String> app = frames.stream().filter(f -> isApplication(f.substring(0, f.lastIndexOf('.'))))
                .limit(SITE_FRAMES).toList();
        record(new SiteKey(app, className), frames, bytes);
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
            for (Map.Entry<String, long[]> e : b.stacks.entrySet()) {
                merged.merge(e.getKey(), e.getValue()[0], Long::sum);
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

    synchronized long droppedStacks() {
        return droppedStacks;
    }
}
