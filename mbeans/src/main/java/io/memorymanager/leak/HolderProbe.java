package io.memorymanager.leak;

import io.memorymanager.internal.ClassNames;
import io.memorymanager.profile.OwnClasses;
import io.memorymanager.profile.Profiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What holds a growing class, and who starts growing threads, without a heap dump: a flight recording kept in
 * memory while growth is being judged, with JFR's old-object sampler (objects sampled at allocation that are still
 * alive, with the reference chain to a GC root) and thread starts with the starting stack. Every
 * {@link #DUMP_INTERVAL_MILLIS} while asked, the recording is dumped into the output directory (owner-only, deleted
 * after reading) and read here. The root search happens at a safepoint: it is bounded by JFR's cutoff
 * ({@link #CUTOFF}); a search that took longer than {@link #MAX_SEARCH_MILLIS} (a busy machine stretches it) puts
 * the next {@link #SLOW_BACKOFF_DUMPS} dumps off, the recording going on, and {@link #MAX_SLOW_SEARCHES} such
 * searches in a row stop the probe for good.
 */
final class HolderProbe implements AutoCloseable {

    static final long DUMP_INTERVAL_MILLIS = 30_000;
    static final String CUTOFF = "250 ms";
    static final long MAX_SEARCH_MILLIS = 1000;
    static final int SLOW_BACKOFF_DUMPS = 4;
    static final int MAX_SLOW_SEARCHES = 3;
    private static final Logger LOG = LoggerFactory.getLogger(HolderProbe.class);
    private static final Set<String> JDK = Set.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    private final Profiler profiler;
    private Recording recording;
    private long lastDumpMillis;
    private boolean disabled;
    private long lastSearchMillis = -1;
    private int slowSearches;
    private int dumpsToSkip;
    private volatile Map<String, String> answers = Map.of();

    private final long dumpIntervalMillis;
    private final long maxSearchMillis;

    HolderProbe(Profiler profiler) {
        this(profiler, DUMP_INTERVAL_MILLIS, MAX_SEARCH_MILLIS);
    }

    HolderProbe(Profiler profiler, long dumpIntervalMillis) {
        this(profiler, dumpIntervalMillis, MAX_SEARCH_MILLIS);
    }

    /** @param maxSearchMillis a search that took longer is slow (tests pass -1: every search is) */
    HolderProbe(Profiler profiler, long dumpIntervalMillis, long maxSearchMillis) {
        this.profiler = profiler;
        this.dumpIntervalMillis = dumpIntervalMillis;
        this.maxSearchMillis = maxSearchMillis;
    }

    /** Slow searches in a row so far. */
    synchronized int slowSearches() {
        return slowSearches;
    }

    /** Starts the recording if needed, and reads it when due; false when probing is off or failed. */
    synchronized boolean start(List<String> classNames, String threadGroup) {
        if (disabled) {
            return false;
        }
        long now = System.currentTimeMillis();
        try {
            if (recording == null) {
                profiler.prepareRecording();
                Recording r = new Recording();
                r.setName("memory-manager leak probe");
                r.setToDisk(false);
                r.enable("jdk.OldObjectSample").with("cutoff", CUTOFF).withStackTrace();
                r.enable("jdk.ThreadStart").withStackTrace();
                r.start();
                recording = r;
                lastDumpMillis = now;
                return true;
            }
            if (now - lastDumpMillis >= dumpIntervalMillis) {
                lastDumpMillis = now;
                if (dumpsToSkip > 0) {
                    dumpsToSkip--;
                    return true;
                }
                Map<String, String> read = profiler.readDump(recording, file -> read(file, classNames, threadGroup));
                // a class the sampler has no live sample of this time keeps what an earlier dump found
                Map<String, String> merged = new HashMap<>(answers);
                merged.putAll(read);
                answers = Map.copyOf(merged);
                if (lastSearchMillis <= maxSearchMillis) {
                    slowSearches = 0;
                } else if (++slowSearches >= MAX_SLOW_SEARCHES) {
                    LOG.info("The leak probe's reference-chain search took {} ms, more than {} ms, {} times in a row: "
                            + "no more probes", lastSearchMillis, maxSearchMillis, slowSearches);
                    stop();
                    disabled = true;
                } else {
                    dumpsToSkip = SLOW_BACKOFF_DUMPS;
                }
            }
            return true;
        } catch (RuntimeException | LinkageError e) {
            LOG.info("The leak probe (JFR) is off: {}", e.toString());
            stop();
            disabled = true;
            return false;
        }
    }

    /** The last answers: class name (as Java writes it) to holder, {@code thread:<group>} to creator. */
    Map<String, String> answers() {
        return answers;
    }

    /** Stops recording; the answers stay. */
    synchronized void stop() {
        if (recording != null) {
            try {
                recording.close();
            } catch (RuntimeException e) {
                // closing a recording that failed is best effort
            }
            recording = null;
        }
    }

    synchronized void forget() {
        stop();
        answers = Map.of();
    }

    @Override
    public void close() {
        stop();
    }

    private Map<String, String> read(Path file, List<String> classNames, String threadGroup) {
        Map<String, Map<String, Integer>> holders = new HashMap<>();
        Map<String, Integer> creators = new HashMap<>();
        long search = 0;
        try (RecordingFile in = new RecordingFile(file)) {
            while (in.hasMoreEvents()) {
                RecordedEvent e = in.readEvent();
                String type = e.getEventType().getName();
                if (type.equals("jdk.OldObjectSample")) {
                    search = Math.max(search, e.getDuration().toMillis());
                    sample(e, classNames, holders);
                } else if (type.equals("jdk.ThreadStart") && threadGroup != null) {
                    RecordedThread t = e.getThread("thread");
                    if (t != null && t.getJavaName() != null
                            && t.getJavaName().replaceAll("\\d+", "#").equals(threadGroup)) {
                        String site = firstApplicationFrame(e);
                        if (site != null) {
                            creators.merge(site, 1, Integer::sum);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lastSearchMillis = search;
        Map<String, String> result = new HashMap<>();
        holders.forEach((cls, counts) -> {
            counts.remove("");
            if (!counts.isEmpty()) {
                result.put(cls, mostFrequent(counts));
            }
        });
        if (!creators.isEmpty()) {
            result.put("thread:" + threadGroup, mostFrequent(creators));
        }
        return result;
    }

    // One sampled live object: if the suspect class is the object or on its chain, count the chain's holder.
    private static void sample(RecordedEvent e, List<String> classNames, Map<String, Map<String, Integer>> holders) {
        RecordedObject object = e.getValue("object");
        List<RecordedObject> chain = new ArrayList<>();
        List<String> via = new ArrayList<>();
        for (RecordedObject o = object; o != null && chain.size() < 10_000; ) {
            chain.add(o);
            RecordedObject ref = o.getValue("referrer");
            if (ref == null) {
                break;
            }
            RecordedObject field = ref.getValue("field");
            RecordedObject array = ref.getValue("array");
            via.add(field != null ? field.getString("name") : array != null ? "[" + array.getLong("index") + "]" : "");
            o = ref.getValue("object");
        }
        String described = describe(chain, via, e);
        // what our own threads' stacks or our own statics hold is ours (a message being built, a baseline): no holder
        String holder = described == null || rootedInUs(described, e) ? "" : described;
        for (RecordedObject o : chain) {
            String name = typeName(o);
            if (name != null && classNames.contains(name)) {
                holders.computeIfAbsent(name, k -> new HashMap<>()).merge(holder, 1, Integer::sum);
            }
        }
        String sampled = typeName(object);
        String site = firstApplicationFrame(e);
        if (sampled != null && site != null && classNames.contains(sampled)) {
            holders.computeIfAbsent("alloc:" + sampled, k -> new HashMap<>()).merge(site, 1, Integer::sum);
        }
    }

    /**
     * The holder as a person reads it, from the root end of the chain: {@code static com.acme.Registry.SESSIONS
     * (java.util.HashMap)}, {@code ThreadLocal of thread pool-#-thread-# (com.acme.Context)}, or the root's kind
     * and the first field.
     */
    static String describe(List<RecordedObject> chain, List<String> via, RecordedEvent e) {
        if (chain.isEmpty()) {
            return null;
        }
        // the nearest class mirror on the way to the root holds the chain in a static field (the chain may go on
        // past it, to the class loader that keeps the class)
        int top = chain.size() - 1;
        for (int i = 1; i < chain.size(); i++) {
            if ("java.lang.Class".equals(typeName(chain.get(i))) && via.size() >= i) {
                top = i;
                break;
            }
        }
        String topType = typeName(chain.get(top));
        if ("java.lang.Class".equals(topType) && top >= 1 && via.size() >= top) {
            String owner = classNameOfMirror(chain.get(top));
            StringBuilder s = new StringBuilder("static ").append(owner == null ? "?" : owner).append('.')
                    .append(via.get(top - 1)).append(" (").append(typeName(chain.get(top - 1))).append(')');
            // further down while the objects are the application's: EventBus.INSTANCE (EventBus) .listeners (ArrayList)
            for (int i = top - 1; i >= 1 && !isJdk(typeName(chain.get(i))); i--) {
                s.append(" .").append(via.get(i - 1)).append(" (").append(typeName(chain.get(i - 1))).append(')');
            }
            return s.toString();
        }
        if ("java.lang.Thread".equals(topType) || isThreadLocalChain(chain)) {
            String value = null;
            for (int i = 0; i < chain.size(); i++) {
                String t = typeName(chain.get(i));
                if ("java.lang.ThreadLocal$ThreadLocalMap$Entry".equals(t) && i >= 1) {
                    value = typeName(chain.get(i - 1));
                }
            }
            // the thread object's own description names it; the root may be another thread's stack referencing it
            String described = chain.stream().filter(o -> "java.lang.Thread".equals(typeName(o)))
                    .map(o -> o.getString("description")).filter(d -> d != null).findFirst().orElse(null);
            RecordedObject root = e.getValue("root");
            if (described == null && root != null) {
                described = root.getString("description");
            }
            String thread = String.valueOf(described).replace("Thread Name: ", "").replaceAll("\\d+", "#");
            return value != null ? "ThreadLocal of thread " + thread + " (" + value + ")" : "thread " + thread;
        }
        RecordedObject root = e.getValue("root");
        if (root == null || top < 1) {
            return null;
        }
        return String.format("%s %s: %s.%s (%s)", root.getString("type"), root.getString("description"), topType,
                via.get(top - 1), typeName(chain.get(top - 1)));
    }

    /** Whether the chain starts at a Memory Manager thread's stack or a static field of a Memory Manager class. */
    static boolean rootedInUs(String described, RecordedEvent e) {
        RecordedObject root = e.getValue("root");
        String rootDescription = root == null ? null : root.getString("description");
        int at = rootDescription == null ? -1 : rootDescription.indexOf("Thread Name: ");
        if (at >= 0 && OwnClasses.isOwnThread(rootDescription.substring(at + "Thread Name: ".length()).trim())) {
            return true;
        }
        return described.startsWith("static ") && OwnClasses.isOwn(described.substring("static ".length()));
    }

    private static boolean isThreadLocalChain(List<RecordedObject> chain) {
        return chain.stream().anyMatch(o -> "java.lang.ThreadLocal$ThreadLocalMap".equals(typeName(o)));
    }

    // "Class Name: com.acme.Registry" is how JFR describes a class mirror.
    private static String classNameOfMirror(RecordedObject mirror) {
        String d = mirror.getString("description");
        if (d == null) {
            return null;
        }
        int at = d.indexOf("Class Name: ");
        return at < 0 ? d : d.substring(at + "Class Name: ".length()).trim();
    }

    static String typeName(RecordedObject o) {
        RecordedClass c = o == null ? null : o.getValue("type");
        return c == null ? null : ClassNames.javaName(c.getName());
    }

    private static boolean isJdk(String name) {
        return name == null || JDK.stream().anyMatch(name::startsWith);
    }

    private static String firstApplicationFrame(RecordedEvent e) {
        if (e.getStackTrace() == null) {
            return null;
        }
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            String type = f.getMethod().getType().getName();
            if (!isJdk(type) && !OwnClasses.isOwn(type) && f.isJavaFrame()) {
                return ClassNames.readable(type) + "." + f.getMethod().getName()
                        + (f.getLineNumber() > 0 ? ":" + f.getLineNumber() : "");
            }
        }
        return null;
    }

    private static String mostFrequent(Map<String, Integer> counts) {
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    }
}
