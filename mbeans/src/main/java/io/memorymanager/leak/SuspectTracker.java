package io.memorymanager.leak;

import io.memorymanager.internal.ClassNames;
import io.memorymanager.profile.ClassHistogramEntry;
import io.memorymanager.profile.HistogramBaseline;
import io.memorymanager.profile.OwnClasses;
import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The suspects job: class histograms taken while growth is being judged, kept as {@link HistogramBaseline}s (so
 * keeping them never shows up as growth), ranked into suspects, and read for what is not a leak (softly held
 * memory) or names its cause (growing class loaders). Not thread-safe: the detector calls it under its lock.
 */
final class SuspectTracker {

    static final int MAX_HISTOGRAMS = 10;
    /** Soft references growing at this share of the fastest-growing class's instances make the growth soft. */
    static final double SOFT_SHARE = 0.1;
    /**
     * The JDK's loader of one reflection accessor each (generated once per method or constructor called often):
     * never created by the application, and bounded by its members, so never the cause of a class-loader leak.
     */
    static final String REFLECTION_LOADER = "jdk.internal.reflect.DelegatingClassLoader";
    /** A class with live instances from this many loaders or more is one that keeps loaders. */
    static final int MIN_DEFINITIONS = 3;

    private final List<HistogramBaseline> kept = new ArrayList<>();
    /** What {@link #contradicts} says when it has too few measurements to say anything. */
    static final String UNCONFIRMED = HeapMeasurements.UNCONFIRMED;
    /** The live heap after each histogram's full collection. */
    private final HeapMeasurements live = new HeapMeasurements(60, "the live heap measured after %d full collections");
    private List<Suspect> suspects = List.of();
    private String softGrowth = "";
    private String loaderGrowth = "";
    private List<String> loaders = List.of();

    /** When the last histogram was taken, or Long.MIN_VALUE. */
    long lastMillis() {
        return kept.isEmpty() ? Long.MIN_VALUE : kept.get(kept.size() - 1).takenAtMillis();
    }

    int histograms() {
        return kept.size();
    }

    List<Suspect> suspects() {
        return suspects;
    }

    /**
     * Whether the live heap measured after full collections (one per histogram) since {@code fromMillis} bears out a
     * floor growing {@code floorPerMinute}: null when it does; {@link #UNCONFIRMED} when there are fewer than three
     * such measurements over {@code minSpanMillis} or more; else why not. It does when it grows at least half as fast, and not in
     * one jump (a load).
     */
    String contradicts(long fromMillis, long minSpanMillis, double floorPerMinute) {
        return live.bearOut(fromMillis, minSpanMillis, floorPerMinute);
    }

    /** Non-empty when SoftReference instances grow with the suspects: what the GC frees before it runs out. */
    String softGrowth() {
        return softGrowth;
    }

    /** Class loader classes whose instances grow steadily, fastest first. */
    List<String> loaders() {
        return loaders;
    }

    /** Non-empty when instances of a class loader class grow steadily. */
    String loaderGrowth() {
        return loaderGrowth;
    }

    void clear() {
        kept.clear();
        live.clear();
        suspects = List.of();
        softGrowth = "";
        loaderGrowth = "";
        loaders = List.of();
    }

    /**
     * One more histogram (taken after a full GC, at {@code now}); {@code alsoHeld} is what else of Memory Manager's
     * kept data it counted (the profiler's baseline).
     */
    void offer(List<ClassHistogramEntry> rows, long now, HistogramBaseline.Footprint alsoHeld) {
        HistogramBaseline.Footprint held = alsoHeld;
        for (HistogramBaseline b : kept) {
            held = held.plus(b.footprint());
        }
        kept.add(HistogramBaseline.of(rows, now, held, false));
        long total = 0;
        for (ClassHistogramEntry row : rows) {
            total += row.bytes();
        }
        live.add(now, total);
        if (kept.size() > MAX_HISTOGRAMS) {
            kept.remove(1);
        }
        rank(rows);
    }

    private void rank(List<ClassHistogramEntry> rows) {
        int h = kept.size();
        if (h < 2) {
            suspects = List.of();
            return;
        }
        HistogramBaseline first = kept.get(0);
        HistogramBaseline last = kept.get(h - 1);
        double minutes = Math.max(1, last.takenAtMillis() - first.takenAtMillis()) / 60_000.0;
        List<Suspect> list = new ArrayList<>();
        List<String> jvmNames = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ClassHistogramEntry row : rows) {
            String name = row.descriptor();
            if (!seen.add(name) || OwnClasses.isOwn(name)) {
                continue;
            }
            long di = last.instances(name) - first.instances(name);
            long db = last.bytes(name) - first.bytes(name);
            if (db <= 0 || di <= 0) {
                continue;
            }
            int increases = 0;
            for (int i = 1; i < h; i++) {
                if (kept.get(i).instances(name) > kept.get(i - 1).instances(name)) {
                    increases++;
                }
            }
            list.add(new Suspect(ClassNames.javaName(name), di / minutes, db / minutes, last.instances(name),
                    isApplicationClass(name), increases / (double) (h - 1), ""));
            jvmNames.add(name);
        }
        double largest = list.stream().mapToDouble(Suspect::bytesPerMinute).max().orElse(0);
        double mostInstances = list.stream().filter(s -> s.confidence() >= 0.5)
                .mapToDouble(Suspect::instancesPerMinute).max().orElse(0);
        double jdkInstances = list.stream().filter(x -> !x.application())
                .mapToDouble(Suspect::instancesPerMinute).max().orElse(0);
        List<String> soft = new ArrayList<>();
        double softPerMinute = 0;
        List<Suspect> loaders = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Suspect s = list.get(i);
            if (s.confidence() < 0.5) {
                continue;
            }
            Class<?> c = resolve(jvmNames.get(i));
            if (c != null && SoftReference.class.isAssignableFrom(c)) {
                soft.add(s.className());
                softPerMinute += s.instancesPerMinute();
            } else if (c != null && ClassLoader.class.isAssignableFrom(c) && !REFLECTION_LOADER.equals(c.getName())) {
                loaders.add(s);
            }
        }
        softGrowth = !soft.isEmpty() && softPerMinute >= SOFT_SHARE * mostInstances
                ? String.format("soft references grow with it (%s, +%s/min): softly held memory, which the GC frees "
                        + "before the heap runs out", String.join(", ", soft),
                        TrendJudge.count(softPerMinute, "instances")) : "";
        this.loaders = loaders.stream().map(Suspect::className).toList();
        loaderGrowth = loaders.isEmpty() ? "" : String.format("instances of %s grow %s/min",
                loaders.get(0).className(), TrendJudge.count(loaders.get(0).instancesPerMinute(), "loaders"))
                + keptBy(rows);
        // Growth under 1% of the largest is noise (a class loaded once since the first histogram). An application
        // class that grows steadily, in numbers comparable to the JDK classes growing with it, leads: a Session
        // holding byte[] payloads grows far fewer bytes than its byte[] and HashMap$Node companions but is what
        // to look at. A real byte[] leak, with no application class growing like that, still has byte[] first.
        // A growing class loader is always kept: it is small, and it is the cause of a class-loader leak.
        Predicate<Suspect> leads = x -> x.application() && x.confidence() >= 0.5
                && x.instancesPerMinute() >= 0.01 * jdkInstances;
        suspects = list.stream()
                .filter(x -> x.bytesPerMinute() >= 0.01 * largest || leads.test(x) || loaders.contains(x))
                .sorted(Comparator.comparing((Suspect x) -> !leads.test(x))
                        .thenComparing(Comparator.comparingDouble(Suspect::bytesPerMinute).reversed()))
                .limit(20)
                .toList();
    }

    /**
     * What keeps old class loaders, as far as a histogram tells: a loader lives while one of its classes has a live
     * instance, and a histogram lists a class once per loader that defined it and has instances of it, so the
     * application classes listed in the most loaders are those whose instances keep the loaders.
     */
    static String keptBy(List<ClassHistogramEntry> rows) {
        Map<String, Integer> definitions = new HashMap<>();
        for (ClassHistogramEntry row : rows) {
            if (isApplicationClass(row.descriptor()) && !OwnClasses.isOwn(row.descriptor())) {
                definitions.merge(row.className(), 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> many = definitions.entrySet().stream()
                .filter(e -> e.getValue() >= MIN_DEFINITIONS)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(3).toList();
        if (many.isEmpty()) {
            return "";
        }
        return "; old loaders are kept by live instances of their classes: " + String.join(", ", many.stream()
                .map(e -> e.getKey() + " (in " + e.getValue() + " loaders)").toList());
    }

    // The class of a histogram name, if this JVM's application class loader (or the JDK) has it; null otherwise.
    // Only loads what exists already in most cases: the name comes from a histogram of live instances.
    private static Class<?> resolve(String name) {
        if (name.startsWith("[") || name.indexOf('/') >= 0) {
            return null;
        }
        try {
            return Class.forName(name, false, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return null;
        }
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
}
