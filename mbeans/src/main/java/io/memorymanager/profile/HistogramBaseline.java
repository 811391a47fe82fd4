package io.memorymanager.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A class histogram kept to diff later ones against, stored so that keeping it does not show up in them. A kept
 * histogram of records and strings would: the second histogram would count a thousand more
 * {@code ClassHistogramEntry}, {@code String} and {@code byte[]} instances, ours. This one is five primitive arrays
 * (class-name hashes, instance counts, byte counts and, when asked for, the names as one {@code char[]}), and it
 * knows which arrays Memory Manager held when it was taken, so {@link #instances} and {@link #bytes} can leave them
 * out exactly.
 */
public final class HistogramBaseline {

    /** The arrays Memory Manager holds for kept histograms, by the histogram's class name for them. */
    public record Footprint(long longArrays, long longArrayBytes, long intArrays, long intArrayBytes, long charArrays,
            long charArrayBytes) {

        public static final Footprint NONE = new Footprint(0, 0, 0, 0, 0, 0);

        public Footprint plus(Footprint o) {
            return new Footprint(longArrays + o.longArrays, longArrayBytes + o.longArrayBytes, intArrays + o.intArrays,
                    intArrayBytes + o.intArrayBytes, charArrays + o.charArrays, charArrayBytes + o.charArrayBytes);
        }

        long instances(String className) {
            return switch (className) {
                case "[J" -> longArrays;
                case "[I" -> intArrays;
                case "[C" -> charArrays;
                default -> 0;
            };
        }

        long bytes(String className) {
            return switch (className) {
                case "[J" -> longArrayBytes;
                case "[I" -> intArrayBytes;
                case "[C" -> charArrayBytes;
                default -> 0;
            };
        }
    }

    private final long[] keys;
    private final long[] instances;
    private final long[] bytes;
    private final int[] nameEnds;
    private final char[] names;
    private final long takenAtMillis;
    private final Footprint heldAtTake;

    private HistogramBaseline(long[] keys, long[] instances, long[] bytes, int[] nameEnds, char[] names,
            long takenAtMillis, Footprint heldAtTake) {
        this.keys = keys;
        this.instances = instances;
        this.bytes = bytes;
        this.nameEnds = nameEnds;
        this.names = names;
        this.takenAtMillis = takenAtMillis;
        this.heldAtTake = heldAtTake;
    }

    /**
     * @param rows the histogram
     * @param heldAtTake what Memory Manager held of kept histograms while this one was taken
     * @param keepNames whether to keep the class names (to name classes that have gone since)
     */
    public static HistogramBaseline of(List<ClassHistogramEntry> rows, long takenAtMillis, Footprint heldAtTake,
            boolean keepNames) {
        int n = rows.size();
        long[][] sorted = new long[n][];
        for (int i = 0; i < n; i++) {
            sorted[i] = new long[] {hash(rows.get(i).descriptor()), i};
        }
        Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
        // one row per class name: classes of the same name in several loaders count together
        int distinct = 0;
        long[] keys = new long[n];
        long[] inst = new long[n];
        long[] size = new long[n];
        String[] first = new String[n];
        for (int i = 0; i < n; i++) {
            ClassHistogramEntry row = rows.get((int) sorted[i][1]);
            if (distinct > 0 && keys[distinct - 1] == sorted[i][0]) {
                inst[distinct - 1] += row.instances();
                size[distinct - 1] += row.bytes();
                continue;
            }
            keys[distinct] = sorted[i][0];
            inst[distinct] = row.instances();
            size[distinct] = row.bytes();
            first[distinct] = row.descriptor();
            distinct++;
        }
        keys = Arrays.copyOf(keys, distinct);
        inst = Arrays.copyOf(inst, distinct);
        size = Arrays.copyOf(size, distinct);
        int[] ends = null;
        char[] names = null;
        if (keepNames) {
            int chars = 0;
            for (int i = 0; i < distinct; i++) {
                chars += first[i].length();
            }
            ends = new int[distinct];
            names = new char[chars];
            int at = 0;
            for (int i = 0; i < distinct; i++) {
                first[i].getChars(0, first[i].length(), names, at);
                at += first[i].length();
                ends[i] = at;
            }
        }
        return new HistogramBaseline(keys, inst, size, ends, names, takenAtMillis, heldAtTake);
    }

    /** The arrays this baseline holds. */
    public Footprint footprint() {
        return new Footprint(3, 3 * arrayBytes(keys.length, 8), nameEnds == null ? 0 : 1,
                nameEnds == null ? 0 : arrayBytes(nameEnds.length, 4), names == null ? 0 : 1,
                names == null ? 0 : arrayBytes(names.length, 2));
    }

    public long takenAtMillis() {
        return takenAtMillis;
    }

    /** Instances of the class in this histogram, without Memory Manager's own kept arrays; 0 when absent. */
    public long instances(String className) {
        int i = find(className);
        return i < 0 ? 0 : Math.max(0, instances[i] - heldAtTake.instances(className));
    }

    /** Bytes of the class in this histogram, without Memory Manager's own kept arrays; 0 when absent. */
    public long bytes(String className) {
        int i = find(className);
        return i < 0 ? 0 : Math.max(0, bytes[i] - heldAtTake.bytes(className));
    }

    public boolean contains(String className) {
        return find(className) >= 0;
    }

    /** How many classes it has. */
    public int size() {
        return keys.length;
    }

    /** The name of the i-th class (in hash order); only when names were kept. */
    public String name(int i) {
        if (names == null) {
            throw new IllegalStateException("names were not kept");
        }
        int from = i == 0 ? 0 : nameEnds[i - 1];
        return new String(names, from, nameEnds[i] - from);
    }

    /**
     * Growth from {@code before} to this histogram (both with names kept), classes growing most in bytes first;
     * classes only in one of the two count as zero in the other; Memory Manager's own classes and kept arrays are
     * left out.
     */
    public List<ClassGrowth> growthSince(HistogramBaseline before, int top) {
        double minutes = Math.max(1, takenAtMillis - before.takenAtMillis) / 60_000.0;
        List<ClassGrowth> growth = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            String name = name(i);
            if (!OwnClasses.isOwn(name)) {
                long di = instances(name) - before.instances(name);
                long db = bytes(name) - before.bytes(name);
                growth.add(new ClassGrowth(name, di, db, di / minutes, db / minutes, instances(name), bytes(name)));
            }
        }
        for (int i = 0; i < before.size(); i++) {
            String name = before.name(i);
            if (!contains(name) && !OwnClasses.isOwn(name)) {
                long wi = before.instances(name);
                long wb = before.bytes(name);
                growth.add(new ClassGrowth(name, -wi, -wb, -wi / minutes, -wb / minutes, 0, 0));
            }
        }
        growth.sort(Comparator.comparingLong(ClassGrowth::bytesDelta).reversed()
                .thenComparing(Comparator.comparingLong(ClassGrowth::instancesDelta).reversed())
                .thenComparing(ClassGrowth::className));
        return List.copyOf(growth.subList(0, Math.min(top, growth.size())));
    }

    private int find(String className) {
        long h = hash(className);
        int i = Arrays.binarySearch(keys, h);
        return i < 0 ? -1 : i;
    }

    // The estimated size of an array with a 16-byte header, rounded up to 8 bytes.
    private static long arrayBytes(int length, int elementBytes) {
        return (16 + (long) length * elementBytes + 7) / 8 * 8;
    }

    // 64-bit FNV-1a over the name's chars, then a finalizing mix: collisions among a few thousand class names are
    // vanishingly unlikely (about 1 in 10^12).
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
