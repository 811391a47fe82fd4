package io.memorymanager.budget;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code VM.native_memory summary scale=B} (Native Memory Tracking), parsed: the total and each
 * category's reserved and committed bytes, and the thread stacks'. Plain parsing, tested on captured JDK 17 and
 * 25 output; text it does not recognise is skipped, and text without a total is no summary.
 *
 * @param categories by NMT's name ({@code Java Heap}, {@code Class}, {@code Thread}, {@code Code}, {@code GC},
 *     {@code Symbol}, ...), in the order NMT prints them
 */
record NmtSummary(Amount total, Map<String, Amount> categories, Amount threadStacks, int threads) {

    /** Reserved and committed bytes. */
    record Amount(long reservedBytes, long committedBytes) {
        static final Amount NONE = new Amount(0, 0);
    }

    private static final Pattern TOTAL = Pattern.compile("^Total:\\s+reserved=(\\d+),\\s+committed=(\\d+)");
    private static final Pattern CATEGORY = Pattern.compile(
            "^-\\s+(.+?)\\s+\\(reserved=(\\d+),\\s+committed=(\\d+)[,)]");
    private static final Pattern STACK = Pattern.compile("\\(stack:\\s+reserved=(\\d+),\\s+committed=(\\d+)");
    private static final Pattern THREADS = Pattern.compile("\\(threads? #(\\d+)\\)");

    NmtSummary {
        categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
    }

    /** The summary in {@code text}; empty when NMT is off ("Native memory tracking is not enabled") or unreadable. */
    static Optional<NmtSummary> parse(String text) {
        Amount total = null;
        Map<String, Amount> categories = new LinkedHashMap<>();
        Amount stacks = Amount.NONE;
        int threads = -1;
        String current = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            Matcher t = TOTAL.matcher(line);
            if (t.find()) {
                total = new Amount(Long.parseLong(t.group(1)), Long.parseLong(t.group(2)));
                continue;
            }
            Matcher c = CATEGORY.matcher(line);
            if (c.find()) {
                current = c.group(1).strip();
                categories.put(current, new Amount(Long.parseLong(c.group(2)), Long.parseLong(c.group(3))));
                continue;
            }
            if ("Thread".equals(current)) {
                Matcher s = STACK.matcher(line);
                if (s.find()) {
                    stacks = new Amount(Long.parseLong(s.group(1)), Long.parseLong(s.group(2)));
                }
                Matcher n = THREADS.matcher(line);
                if (n.find()) {
                    threads = Integer.parseInt(n.group(1));
                }
            }
        }
        return total == null ? Optional.empty() : Optional.of(new NmtSummary(total, categories, stacks, threads));
    }

    /** A category's amount, {@link Amount#NONE} when NMT did not list it. */
    Amount category(String name) {
        return categories.getOrDefault(name, Amount.NONE);
    }
}
