package io.memorymanager.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed class histogram ({@code GC.class_histogram}): every class, most bytes first, and the totals. Parsing
 * is plain text work, kept apart from the diagnostic command so it can be tested on captured output.
 *
 * @param takenAtMillis when it was taken, epoch milliseconds
 */
public record ClassHistogram(List<ClassHistogramEntry> entries, long totalInstances, long totalBytes,
        long takenAtMillis) {

    //    12:          7953        4064936  [I (java.base@17.0.15)
    private static final Pattern ROW =
            Pattern.compile("^\\s*(\\d+):\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)(?:\\s+\\(([^()]*)\\))?\\s*$");
    private static final Pattern TOTAL = Pattern.compile("^\\s*Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    public ClassHistogram {
        entries = List.copyOf(entries);
    }

    /**
     * Parses the text of {@code GC.class_histogram}. Lines that are not rows (the header, the rule) are skipped;
     * a histogram without a single row is an error.
     */
    static ClassHistogram parse(String text, long takenAtMillis) {
        List<String[]> rows = new ArrayList<>();
        long totalInstances = -1;
        long totalBytes = -1;
        for (String line : text.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                rows.add(new String[] {row.group(1), row.group(2), row.group(3), row.group(4),
                    row.group(5) == null ? "" : row.group(5)});
                continue;
            }
            Matcher total = TOTAL.matcher(line);
            if (total.matches()) {
                totalInstances = Long.parseLong(total.group(1));
                totalBytes = Long.parseLong(total.group(2));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("not a class histogram: no row found in "
                    + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
        }
        if (totalBytes < 0) {
            totalInstances = rows.stream().mapToLong(r -> Long.parseLong(r[1])).sum();
            totalBytes = rows.stream().mapToLong(r -> Long.parseLong(r[2])).sum();
        }
        List<ClassHistogramEntry> entries = new ArrayList<>(rows.size());
        for (String[] r : rows) {
            long bytes = Long.parseLong(r[2]);
            entries.add(ClassHistogramEntry.of(Integer.parseInt(r[0]), r[3], r[4], Long.parseLong(r[1]), bytes,
                    totalBytes > 0 ? 100.0 * bytes / totalBytes : 0));
        }
        entries.sort(Comparator.comparingLong(ClassHistogramEntry::bytes).reversed()
                .thenComparing(ClassHistogramEntry::className));
        return new ClassHistogram(entries, totalInstances, totalBytes, takenAtMillis);
    }

    /** The {@code top} classes by bytes. */
    public List<ClassHistogramEntry> top(int top) {
        return entries.subList(0, Math.min(top, entries.size()));
    }

    /**
     * Growth from {@code before} to this histogram, classes growing most in bytes first; classes only in one of
     * the two count as zero in the other. Hidden classes (lambdas) are matched by full name, so a re-spun lambda
     * shows as one that appeared and one that vanished.
     */
    public List<ClassGrowth> growthSince(ClassHistogram before, int top) {
        Map<String, ClassHistogramEntry> old = new HashMap<>();
        for (ClassHistogramEntry e : before.entries()) {
            old.merge(e.className(), e, (a, b) -> a);
        }
        double minutes = Math.max(1, takenAtMillis - before.takenAtMillis()) / 60_000.0;
        List<ClassGrowth> growth = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (ClassHistogramEntry now : entries) {
            if (seen.put(now.className(), Boolean.TRUE) != null) {
                continue;
            }
            ClassHistogramEntry was = old.get(now.className());
            long di = now.instances() - (was == null ? 0 : was.instances());
            long db = now.bytes() - (was == null ? 0 : was.bytes());
            growth.add(new ClassGrowth(now.className(), di, db, di / minutes, db / minutes, now.instances(),
                    now.bytes()));
        }
        for (ClassHistogramEntry was : before.entries()) {
            if (!seen.containsKey(was.className())) {
                seen.put(was.className(), Boolean.TRUE);
                growth.add(new ClassGrowth(was.className(), -was.instances(), -was.bytes(),
                        -was.instances() / minutes, -was.bytes() / minutes, 0, 0));
            }
        }
        growth.sort(Comparator.comparingLong(ClassGrowth::bytesDelta).reversed()
                .thenComparing(Comparator.comparingLong(ClassGrowth::instancesDelta).reversed())
                .thenComparing(ClassGrowth::className));
        return Collections.unmodifiableList(growth.subList(0, Math.min(top, growth.size())));
    }
}
