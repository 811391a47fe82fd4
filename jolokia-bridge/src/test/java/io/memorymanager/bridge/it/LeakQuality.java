package io.memorymanager.bridge.it;

import io.memorymanager.bridge.AccessToken;
import io.memorymanager.bridge.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The leak quality suite: realistic applications ({@code com.acme}, modes of {@link HostApp}) in child JVMs with the
 * agent at its default detector settings, the LeakDetector polled every five seconds, each run judged against its
 * target and summed up in a markdown table.
 *
 * <pre>LeakQuality [--minutes 25] [--scenarios a,b] [--parallel P] [--heap 1g] [--out target/leak-quality.md]
 *             [--agent-options k=v,...]</pre>
 *
 * <p>Times are seconds since the child JVM started, of the first poll at that severity or worse. Exit code 0 when
 * every scenario passes, 1 otherwise, 2 for a usage error.
 */
final class LeakQuality {

    static final String DETECTOR = "io.memorymanager:type=LeakDetector";
    private static final String JOLOKIA_URL = "Memory Manager: Jolokia at (http://\\S+)";
    private static final List<String> SEVERITIES = List.of("NONE", "INFO", "WARNING", "CRITICAL");
    private static final List<String> KINDS = List.of("HEAP", "THREADS", "CLASSES", "DIRECT_BUFFERS", "MAPPED_BUFFERS");
    private static final long POLL_MILLIS = 5_000;
    private static final long HEARTBEAT_SECONDS = 60;
    private static final Path DEMO_JAR = Path.of(System.getProperty("demo.jar",
            "../samples/target/memory-manager-demo.jar"));
    /** Scenario JVMs per CPU at most, unless --parallel says otherwise. */
    static final int MAX_PER_CPU = 5;
    private static final String USAGE = "usage: LeakQuality [--minutes 25] [--scenarios a,b,c] [--parallel P] "
            + "[--heap 1g] [--out target/leak-quality.md] [--agent-options k=v,...]";

    /** The child JVMs alive now: the shutdown hook destroys them. */
    private static final Set<App> LIVE = ConcurrentHashMap.newKeySet();

    private LeakQuality() {
    }

    // ------------------------------------------------------------------------------------------------ scenarios

    /** How a leak's target names its cause. */
    enum Check {
        /** The top suspect at the first alarm is the expected class. */
        SUSPECT_AT_FIRST_ALARM,
        /** The top suspect at the first alarm, or else at the end of the run, is the expected class. */
        SUSPECT_AT_FIRST_ALARM_OR_END,
        /** The finding's message or recommendation names it at some poll at the target severity by the deadline. */
        NAMED_BY_DEADLINE,
        /** The finding's message or recommendation names it at the first alarm or at the end of the run. */
        NAMED_AT_FIRST_ALARM_OR_END,
        /** Only the kind counts (the name is shown, not required). */
        KIND_ONLY
    }

    /**
     * What a leak must show: its finding {@code kind} at {@code severity} or worse within {@code withinSeconds}
     * (0: within the run), with its cause {@code name} found as {@code check} says.
     */
    record Target(String kind, String severity, long withinSeconds, Check check, String name) {
        String describe() {
            String when = withinSeconds == 0 ? "within the run" : "≤ " + withinSeconds / 60 + " min";
            String how = switch (check) {
                case SUSPECT_AT_FIRST_ALARM -> "top suspect " + name + " at that first " + severity;
                case SUSPECT_AT_FIRST_ALARM_OR_END -> "top suspect " + name + " at the first alarm or at the end";
                case NAMED_BY_DEADLINE -> "the finding naming " + name + " by then";
                case NAMED_AT_FIRST_ALARM_OR_END -> "the finding naming " + name + " at the first alarm or at the end";
                case KIND_ONLY -> "the kind is the cause (" + name + " named or not)";
            };
            return kind + " " + severity + " " + when + ", " + how;
        }
    }

    /** One application: its HostApp {@code mode} and JVM options; {@code target} null for a healthy one. */
    record Scenario(String name, String mode, List<String> jvmArgs, Target target, boolean console, String what) {
        boolean leak() {
            return target != null;
        }

        boolean demo() {
            return mode.equals("demo");
        }
    }

    static final List<Scenario> SCENARIOS = List.of(
            leak("static-map-1mb", "static-map", List.of("-DleakMbPerMin=1"), new Target("HEAP", "WARNING", 900,
                    Check.SUSPECT_AT_FIRST_ALARM, "com.acme.shop.CustomerSession"),
                    "abandoned sessions in static SessionRegistry.SESSIONS, 1 MB/min"),
            leak("static-map-20mb", "static-map", List.of("-DleakMbPerMin=20"), new Target("HEAP", "CRITICAL", 300,
                    Check.KIND_ONLY, "com.acme.shop.CustomerSession"),
                    "abandoned sessions in static SessionRegistry.SESSIONS, 20 MB/min"),
            leak("listeners", "listeners", List.of(), new Target("HEAP", "WARNING", 0,
                    Check.SUSPECT_AT_FIRST_ALARM_OR_END, "com.acme.pricing.PriceAlertListener"),
                    "listeners registered on the EventBus singleton and never removed, 2 MB/min"),
            leak("threadlocal", "threadlocal", List.of(), new Target("HEAP", "WARNING", 0,
                    Check.SUSPECT_AT_FIRST_ALARM_OR_END, "com.acme.tx.RequestContext"),
                    "RequestContexts in AuditTrail's ThreadLocal list on 8 pool threads, never flushed, 2 MB/min"),
            leak("executor-per-request", "executor-per-request", List.of(), new Target("THREADS", "WARNING", 600,
                    Check.NAMED_BY_DEADLINE, "ReportService"),
                    "a single-thread executor per report request, never shut down: +2 pool-N-thread-1 a minute"),
            leak("classloader", "classloader", List.of(), new Target("CLASSES", "WARNING", 0,
                    Check.NAMED_AT_FIRST_ALARM_OR_END, "PluginClassLoader"),
                    "a PluginClassLoader (3 classes) every 7.5 s, all kept in a static list: 24 classes/min"),
            leak("direct-buffers", "direct-buffers", List.of(), new Target("DIRECT_BUFFERS", "WARNING", 0,
                    Check.NAMED_AT_FIRST_ALARM_OR_END, "com.acme.net.BufferPool.acquire"),
                    "a 256 KB direct buffer every 2.5 s kept by BufferPool, never released: 6 MB/min"),
            healthy("lru-warmup", "a bounded LRU cache (25% of the heap) filling in ~2.5 min, then churning"),
            healthy("ttl-cache", "a 3-minute TTL token cache filling to 15% of the heap"),
            healthy("soft-cache", "a SoftReference cache adding 30 MB/min, cleared by the GC under pressure"),
            healthy("batch", "a billing run loading 30% of the heap over 75 s every 7 min (first at 2 min), then "
                    + "releasing it"),
            healthy("bursts", "upload bursts holding 20-80 MB for 20-60 s every 1-4 min"),
            healthy("reference-data", "30% of the heap of reference data loaded once at 3 min, then flat"),
            healthy("thread-pool-growth", "a cached pool growing from 10 to 200 busy threads at 1-2.5 min, then flat"),
            healthy("steady-80", "an in-memory index holding ~80% of the heap, 2 MB/s rewritten"),
            new Scenario("console-open", "console-open", List.of(), null, true,
                    "a plain storefront while a console polls Jolokia like Hawtio (list, search, bulk reads "
                            + "every 5 s)"),
            new Scenario("demo", "demo", List.of(), null, false,
                    "the README demo (detector defaults, leak switch off), when its jar is built"));

    private static Scenario leak(String name, String mode, List<String> jvmArgs, Target target, String what) {
        return new Scenario(name, mode, jvmArgs, target, false, what);
    }

    private static Scenario healthy(String name, String what) {
        return new Scenario(name, name, List.of(), null, false, what);
    }

    // ------------------------------------------------------------------------------------------------ options

    record Options(double minutes, List<Scenario> scenarios, int parallel, String heap, Path out, String agentOptions) {
        long runSeconds() {
            return Math.round(minutes * 60);
        }
    }

    static Options parse(String[] args) {
        double minutes = 25;
        List<Scenario> chosen = null;
        int parallel = 0;
        String heap = "1g";
        Path out = Path.of("target", "leak-quality.md");
        String agentOptions = "";
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value; " + USAGE);
            }
            String value = args[++i];
            switch (option) {
                case "--minutes" -> {
                    minutes = Double.parseDouble(value);
                    if (!(minutes > 0)) {
                        throw new IllegalArgumentException("--minutes must be > 0, was " + value);
                    }
                }
                case "--scenarios" -> chosen = choose(value);
                case "--parallel" -> {
                    parallel = Integer.parseInt(value);
                    if (parallel <= 0) {
                        throw new IllegalArgumentException("--parallel must be > 0, was " + value);
                    }
                }
                case "--heap" -> {
                    if (!value.matches("\\d+[kKmMgG]?")) {
                        throw new IllegalArgumentException("--heap must be like 1g or 768m, was " + value);
                    }
                    heap = value;
                }
                case "--out" -> out = Path.of(value);
                case "--agent-options" -> agentOptions = value;
                default -> throw new IllegalArgumentException("unknown option " + option + "; " + USAGE);
            }
        }
        if (chosen == null) {
            chosen = SCENARIOS.stream().filter(s -> !s.demo() || Files.isRegularFile(DEMO_JAR)).toList();
        }
        // by default at most five JVMs per CPU: more stretch every pause the detector takes (its histograms, the probe's
        // root search) past what it allows itself, which a service on its own machine never sees
        int byDefault = Math.min(chosen.size(), MAX_PER_CPU * Runtime.getRuntime().availableProcessors());
        return new Options(minutes, chosen, parallel == 0 ? byDefault : parallel, heap, out, agentOptions);
    }

    private static List<Scenario> choose(String names) {
        List<Scenario> chosen = new ArrayList<>();
        for (String name : names.split(",")) {
            String n = name.trim();
            if (n.isEmpty()) {
                continue;
            }
            Scenario s = SCENARIOS.stream().filter(x -> x.name().equals(n)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown scenario " + n + "; known: "
                            + SCENARIOS.stream().map(Scenario::name).collect(Collectors.joining(","))));
            if (s.demo() && !Files.isRegularFile(DEMO_JAR)) {
                throw new IllegalArgumentException("scenario demo needs " + DEMO_JAR.toAbsolutePath()
                        + " (mvn -pl samples package, or -Ddemo.jar=...)");
            }
            chosen.add(s);
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--scenarios must name at least one scenario, was '" + names + "'");
        }
        return chosen;
    }

    // ------------------------------------------------------------------------------------------------ running

    public static void main(String[] args) throws InterruptedException, IOException {
        System.exit(run(args));
    }

    /** Runs the suite; returns the exit code (0 all PASS, 1 some FAIL, 2 usage). */
    static int run(String[] args) throws InterruptedException, IOException {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Thread cleanup = new Thread(() -> LIVE.forEach(App::close), "leak-quality-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        ExecutorService runners = Executors.newFixedThreadPool(options.parallel(), named("leak-quality-run-"));
        try {
            System.out.printf("Leak quality: %d scenarios, %d at once, %s min each, -Xmx%s, agent port=0%s%n",
                    options.scenarios().size(), Math.min(options.parallel(), options.scenarios().size()),
                    format(options.minutes()), options.heap(),
                    options.agentOptions().isEmpty() ? " (detector defaults)" : "," + options.agentOptions());
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Scenario s : options.scenarios()) {
                futures.add(runners.submit(() -> runOne(s, options)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    outcomes.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome(options.scenarios().get(i), List.of(), 0, "runner failed: " + e.getCause(),
                            0, ""));
                }
            }
            String report = report(outcomes, options);
            System.out.println();
            System.out.println(report);
            Path out = options.out().toAbsolutePath();
            Files.createDirectories(out.getParent());
            Files.writeString(out, report, StandardCharsets.UTF_8);
            System.out.println("Report written to " + out);
            return outcomes.stream().allMatch(o -> judge(o).pass()) ? 0 : 1;
        } finally {
            runners.shutdownNow();
            runners.awaitTermination(30, TimeUnit.SECONDS);
            LIVE.forEach(App::close);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway
            }
        }
    }

    /** Runs one scenario for the whole time, polling its detector; the child is destroyed whatever happens. */
    private static Outcome runOne(Scenario s, Options options) throws IOException, InterruptedException {
        List<Reading> readings = new ArrayList<>();
        int failures = 0;
        String lastFailure = "";
        String failure = null;
        long started = System.nanoTime();
        App app = s.demo() ? DemoJvm.start(options.heap()) : HostJvm.start(s, options);
        LIVE.add(app);
        Console console = null;
        try {
            Http http = app.connect();
            progress(s, seconds(started), "agent up");
            if (s.console()) {
                console = new Console(http, s.name());
                console.start();
            }
            Reading previous = null;
            long heartbeat = HEARTBEAT_SECONDS;
            long end = started + TimeUnit.SECONDS.toNanos(options.runSeconds());
            for (long next = System.nanoTime(); next <= end; next += TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)) {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                OptionalInt exit = app.exitCode();
                if (exit.isPresent()) {
                    failure = "the JVM exited with " + exit.getAsInt() + " after " + seconds(started) + " s"
                            + app.oom();
                    break;
                }
                try {
                    Reading r = read(http, seconds(started));
                    readings.add(r);
                    for (String change : changes(previous, r)) {
                        progress(s, r.seconds(), change);
                    }
                    if (r.seconds() >= heartbeat) {
                        progress(s, r.seconds(), r.summary() + detail(http, s, r));
                        heartbeat += HEARTBEAT_SECONDS;
                    }
                    previous = r;
                } catch (IOException | RuntimeException e) {
                    failures++;
                    lastFailure = e.toString();
                }
            }
        } catch (IOException e) {
            failure = e.getMessage() + app.oom();
        } finally {
            if (console != null) {
                console.interrupt();
            }
            app.close();
            LIVE.remove(app);
        }
        String notes = lastFailure.isEmpty() ? "" : "last failure " + lastFailure;
        if (console != null) {
            notes += (notes.isEmpty() ? "" : "; ") + console.summary();
        }
        Outcome o = new Outcome(s, readings, options.runSeconds(), failure, failures, notes);
        progress(s, seconds(started), "done: " + judge(o));
        return o;
    }

    /**
     * For the log, once a minute: why the target's signal stands where it does (its message after the figures) and
     * the last class histogram's pause, which decides how often the live heap is measured.
     */
    private static String detail(Http http, Scenario s, Reading r) {
        String kind = s.target() == null ? "HEAP" : s.target().kind();
        String why = r.finding(kind).filter(f -> !f.severity().equals("NONE")).map(f -> {
            int cut = f.message().indexOf("; ");
            return " | " + kind + " why: " + (cut < 0 ? f.message() : f.message().substring(cut + 2));
        }).orElse("");
        try {
            Http.Answer a = http.post("{\"type\":\"read\",\"mbean\":\"io.memorymanager:type=Profiler\","
                    + "\"attribute\":\"LastHistogramPauseMillis\"}");
            return why + " | histogram pause " + a.value() + " ms";
        } catch (IOException | RuntimeException e) {
            return why;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return why;
        }
    }

    private static long seconds(long startedNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }

    private static void progress(Scenario s, long seconds, String text) {
        System.out.printf("[%-20s %6s] %s%n", s.name(), clock(seconds), text);
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** One finding as read. */
    record Finding(String kind, String severity, double growthPerMinute, String message, String recommendation) {
        boolean names(String name) {
            return message.contains(name) || recommendation.contains(name);
        }
    }

    /** One suspect as read; {@code heldBy} "" when the detector does not know (or does not say). */
    record Suspect(String className, String heldBy, double bytesPerMinute, long instances) {
    }

    /** One poll of the detector. */
    record Reading(long seconds, String status, List<Finding> findings, List<Suspect> suspects) {
        /**
         * The severity of {@code kind}; of the status for {@code "Status"}; the worst of the status and every finding
         * for {@code "Any"}; NONE when absent.
         */
        String severity(String kind) {
            return switch (kind) {
                case "Status" -> status;
                case "Any" -> findings.stream().map(Finding::severity).reduce(status, LeakQuality::worse);
                default -> finding(kind).map(Finding::severity).orElse("NONE");
            };
        }

        Optional<Finding> finding(String kind) {
            return findings.stream().filter(f -> f.kind().equals(kind)).findFirst();
        }

        Optional<Suspect> top() {
            return suspects.stream().findFirst();
        }

        /** The findings at WARNING or worse, worst first. */
        List<Finding> alarms() {
            return findings.stream().filter(f -> rank(f.severity()) >= rank("WARNING"))
                    .sorted((a, b) -> rank(b.severity()) - rank(a.severity())).toList();
        }

        String summary() {
            String kinds = findings.stream().filter(f -> !f.severity().equals("NONE"))
                    .map(f -> f.kind() + " " + f.severity() + " " + growth(f)).collect(Collectors.joining(", "));
            return "status " + status + (kinds.isEmpty() ? "" : " | " + kinds)
                    + top().map(t -> " | top " + t.className() + heldBy(t)).orElse("");
        }
    }

    private static Reading read(Http http, long seconds) throws IOException, InterruptedException {
        Http.Answer a = http.post("{\"type\":\"read\",\"mbean\":\"" + DETECTOR
                + "\",\"attribute\":[\"Status\",\"Findings\",\"Suspects\"]}");
        if (a.status() != 200 || !(a.value() instanceof Map<?, ?> value)) {
            throw new IOException("read " + DETECTOR + ": " + a.status() + " " + a.error());
        }
        List<Finding> findings = new ArrayList<>();
        if (value.get("Findings") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> f) {
                    findings.add(new Finding(text(f, "kind"), text(f, "severity"), number(f, "growthPerMinute"),
                            text(f, "message"), text(f, "recommendation")));
                }
            }
        }
        List<Suspect> suspects = new ArrayList<>();
        if (value.get("Suspects") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    suspects.add(new Suspect(text(m, "className"), text(m, "heldBy"), number(m, "bytesPerMinute"),
                            (long) number(m, "instances")));
                }
            }
        }
        return new Reading(seconds, String.valueOf(value.get("Status")), List.copyOf(findings), List.copyOf(suspects));
    }

    private static String text(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : v.toString();
    }

    private static double number(Map<?, ?> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** What changed between two polls, one line per status or kind whose severity changed. */
    private static List<String> changes(Reading before, Reading now) {
        List<String> lines = new ArrayList<>();
        List<String> watched = new ArrayList<>(List.of("Status"));
        watched.addAll(KINDS);
        for (String kind : watched) {
            String was = before == null ? "NONE" : before.severity(kind);
            String is = now.severity(kind);
            if (!was.equals(is)) {
                String detail = now.finding(kind).map(f -> " (" + growth(f) + "): " + f.message()).orElse("");
                String suspect = rank(is) >= rank("WARNING") && kind.equals("HEAP")
                        ? now.top().map(t -> "; top suspect " + t.className() + heldBy(t)).orElse("; no suspect yet")
                        : "";
                lines.add(kind + " " + was + " -> " + is + detail + suspect);
            }
        }
        return lines;
    }

    // ------------------------------------------------------------------------------------------------ judging

    /** All that one scenario's run left: its polls and what went wrong. */
    record Outcome(Scenario scenario, List<Reading> readings, long runSeconds, String failure, int pollFailures,
            String notes) {
        /** The first poll at which {@code kind} (or "Status") was at {@code severity} or worse. */
        Optional<Reading> first(String kind, String severity) {
            return readings.stream().filter(r -> rank(r.severity(kind)) >= rank(severity)).findFirst();
        }

        Optional<Reading> last() {
            return readings.isEmpty() ? Optional.empty() : Optional.of(readings.get(readings.size() - 1));
        }

        String worst(String kind) {
            return readings.stream().map(r -> r.severity(kind)).reduce("NONE", LeakQuality::worse);
        }

        /** The first alarm: the target kind at WARNING or worse for a leak, anything at WARNING for a non-leak. */
        Optional<Reading> firstAlarm() {
            return first(watched(), "WARNING");
        }

        /** What the table's times are of: the target kind for a leak, the status and every finding for a non-leak. */
        String watched() {
            return scenario.leak() ? scenario.target().kind() : "Any";
        }
    }

    record Verdict(boolean pass, String reason) {
        @Override
        public String toString() {
            return (pass ? "PASS" : "FAIL") + (reason.isEmpty() ? "" : " — " + reason);
        }
    }

    /** Whether the run met its scenario's target, and why not. Pure: polls in, verdict out. */
    static Verdict judge(Outcome o) {
        Scenario s = o.scenario();
        if (o.readings().isEmpty()) {
            return new Verdict(false, "no reading of the detector" + (o.failure() == null ? "" : ": " + o.failure()));
        }
        if (!s.leak()) {
            Optional<Reading> alarm = o.firstAlarm();
            if (alarm.isPresent()) {
                Reading r = alarm.get();
                Finding f = r.alarms().isEmpty() ? null : r.alarms().get(0);
                return new Verdict(false, r.severity("Any") + " at " + clock(r.seconds())
                        + (f == null ? "" : " (" + f.kind() + ": " + f.message() + ")"));
            }
            return o.failure() == null ? new Verdict(true, "")
                    : new Verdict(false, o.failure());
        }
        Target t = s.target();
        long deadline = t.withinSeconds() == 0 ? o.runSeconds() : Math.min(t.withinSeconds(), o.runSeconds());
        Optional<Reading> reached = o.first(t.kind(), t.severity()).filter(r -> r.seconds() <= deadline);
        if (reached.isEmpty()) {
            String why = "no " + t.kind() + " " + t.severity() + " within " + clock(deadline) + " (worst "
                    + o.worst(t.kind()) + ")";
            return new Verdict(false, o.failure() == null ? why : why + "; " + o.failure());
        }
        Optional<String> wrong = identity(o, deadline);
        return wrong.map(w -> new Verdict(false, t.kind() + " " + t.severity() + " at " + clock(reached.get().seconds())
                + " but " + w)).orElseGet(() -> new Verdict(true, ""));
    }

    /** Empty when the cause is named as the target asks; else what was named instead. */
    private static Optional<String> identity(Outcome o, long deadline) {
        Target t = o.scenario().target();
        Optional<Reading> alarm = o.firstAlarm();
        return switch (t.check()) {
            case KIND_ONLY -> Optional.empty();
            case SUSPECT_AT_FIRST_ALARM -> alarm.filter(r -> topIs(r, t.name())).isPresent() ? Optional.empty()
                    : Optional.of("the top suspect then was " + alarm.map(LeakQuality::topName).orElse("-"));
            case SUSPECT_AT_FIRST_ALARM_OR_END -> alarm.filter(r -> topIs(r, t.name())).isPresent()
                    || o.last().filter(r -> topIs(r, t.name())).isPresent() ? Optional.empty()
                    : Optional.of("the top suspect was " + alarm.map(LeakQuality::topName).orElse("-")
                            + " then and " + o.last().map(LeakQuality::topName).orElse("-") + " at the end");
            case NAMED_BY_DEADLINE -> o.readings().stream().anyMatch(r -> r.seconds() <= deadline
                    && rank(r.severity(t.kind())) >= rank(t.severity())
                    && r.finding(t.kind()).filter(f -> f.names(t.name())).isPresent()) ? Optional.empty()
                    : Optional.of("no " + t.kind() + " finding named " + t.name() + " by " + clock(deadline));
            case NAMED_AT_FIRST_ALARM_OR_END -> alarm.filter(r -> named(r, t)).isPresent()
                    || o.last().filter(r -> named(r, t)).isPresent() ? Optional.empty()
                    : Optional.of("no " + t.kind() + " finding named " + t.name() + " at the first alarm or the end");
        };
    }

    private static boolean named(Reading r, Target t) {
        return r.finding(t.kind()).filter(f -> f.names(t.name())).isPresent();
    }

    private static boolean topIs(Reading r, String className) {
        return r.top().filter(s -> javaName(s.className()).equals(className)).isPresent();
    }

    private static String topName(Reading r) {
        return r.top().map(s -> javaName(s.className())).orElse("none");
    }

    /** {@code Lcom.acme.X;} (a histogram's spelling) as {@code com.acme.X}. */
    private static String javaName(String n) {
        return n.startsWith("L") && n.endsWith(";") ? n.substring(1, n.length() - 1) : n;
    }

    /** Whether the cause is named at the first alarm (for the table's "right?" column): yes, later, no. */
    private static String rightness(Outcome o) {
        Scenario s = o.scenario();
        Optional<Reading> alarm = o.firstAlarm();
        if (!s.leak()) {
            return "n/a";
        }
        Target t = s.target();
        boolean byName = t.check() == Check.NAMED_BY_DEADLINE || t.check() == Check.NAMED_AT_FIRST_ALARM_OR_END
                || !t.name().contains(".");
        if (alarm.isEmpty()) {
            return "no alarm";
        }
        boolean now = byName ? named(alarm.get(), t) : topIs(alarm.get(), t.name());
        if (now) {
            return byName ? "yes (" + t.kind() + " names " + t.name() + ")" : "yes";
        }
        Optional<Reading> later = o.readings().stream().filter(r -> r.seconds() > alarm.get().seconds())
                .filter(r -> byName ? named(r, t) : topIs(r, t.name())).findFirst();
        return later.map(r -> "later (" + clock(r.seconds()) + ")").orElse("no");
    }

    // ------------------------------------------------------------------------------------------------ report

    static String report(List<Outcome> outcomes, Options options) {
        StringBuilder md = new StringBuilder();
        long passed = outcomes.stream().filter(o -> judge(o).pass()).count();
        md.append("# Leak quality: ").append(passed).append('/').append(outcomes.size()).append(" PASS\n\n");
        md.append(String.format(Locale.ROOT, "%s; %s min per scenario, %d at once, -Xmx%s -XX:+UseG1GC, agent "
                        + "options `port=0%s`, Java %s, %d CPUs.\n\n",
                Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC", format(options.minutes()),
                Math.min(options.parallel(), outcomes.size()), options.heap(),
                options.agentOptions().isEmpty() ? "" : "," + options.agentOptions(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
        md.append("Times are m:ss since the child JVM started, of the first poll (every 5 s) at that severity or "
                + "worse: of the target kind for a leak, of the status or any finding for a non-leak (with the "
                + "kinds at WARNING or worse). Detector defaults unless the agent options above say otherwise.\n\n");
        md.append("| scenario | kind | first INFO | first WARNING | first CRITICAL | top suspect @first alarm "
                + "| held by | suspect right? | verdict |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            Scenario s = o.scenario();
            String kind = s.leak() ? "leak (" + s.target().kind() + ")" : "non-leak";
            String watched = o.watched();
            Optional<Reading> alarm = o.firstAlarm();
            md.append("| ").append(cell(s.name()))
                    .append(" | ").append(cell(kind))
                    .append(" | ").append(cell(firstCell(o, watched, "INFO")))
                    .append(" | ").append(cell(firstCell(o, watched, "WARNING")))
                    .append(" | ").append(cell(firstCell(o, watched, "CRITICAL")))
                    .append(" | ").append(cell(alarm.map(LeakQuality::topName).orElse("—")))
                    .append(" | ").append(cell(alarm.map(r -> cause(s, r)).orElse("—")))
                    .append(" | ").append(cell(rightness(o)))
                    .append(" | ").append(cell(judge(o).pass() ? "PASS" : "FAIL"))
                    .append(" |\n");
        }
        md.append("\n## Details\n");
        for (Outcome o : outcomes) {
            details(md, o);
        }
        return md.toString();
    }

    /**
     * What the first alarm says causes it: the top suspect's holder for the heap; for threads, classes and direct
     * buffers the cause their finding names (the creator, what keeps the loaders, the allocating site).
     */
    private static String cause(Scenario s, Reading alarm) {
        if (s.leak() && !s.target().kind().equals("HEAP")) {
            String message = alarm.finding(s.target().kind()).map(Finding::message).orElse("");
            for (String marker : List.of("started by ", "old loaders are kept by ", "allocated at ")) {
                int at = message.indexOf(marker);
                if (at >= 0) {
                    return message.substring(at);
                }
            }
            return "unknown";
        }
        return alarm.top().map(t -> t.heldBy().isEmpty() ? "unknown" : t.heldBy()).orElse("—");
    }

    private static void details(StringBuilder md, Outcome o) {
        Scenario s = o.scenario();
        md.append("\n### ").append(s.name()).append("\n\n");
        md.append("- what: ").append(s.what()).append('\n');
        md.append("- target: ").append(s.leak() ? s.target().describe() : "no WARNING or CRITICAL, ever").append('\n');
        md.append("- verdict: ").append(judge(o)).append('\n');
        List<String> worst = new ArrayList<>(List.of("Status " + o.worst("Status")));
        for (String kind : KINDS) {
            worst.add(kind + " " + o.worst(kind));
        }
        md.append("- worst seen: ").append(String.join(", ", worst)).append('\n');
        Map<String, String> firsts = new LinkedHashMap<>();
        for (String kind : KINDS) {
            String f = List.of("INFO", "WARNING", "CRITICAL").stream()
                    .map(sev -> o.first(kind, sev).map(r -> sev + " " + clock(r.seconds())).orElse(""))
                    .filter(x -> !x.isEmpty()).collect(Collectors.joining(", "));
            if (!f.isEmpty()) {
                firsts.put(kind, f);
            }
        }
        md.append("- first per kind: ").append(firsts.isEmpty() ? "nothing above NONE" : firsts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; "))).append('\n');
        o.firstAlarm().ifPresent(r -> {
            md.append("- first alarm (").append(clock(r.seconds())).append("): ");
            md.append(r.alarms().stream().map(f -> f.kind() + " " + f.severity() + " " + growth(f) + ": " + f.message()
                    + (f.recommendation().isEmpty() ? "" : " — " + f.recommendation()))
                    .collect(Collectors.joining("; "))).append('\n');
            md.append("- suspects then: ").append(suspects(r)).append('\n');
        });
        o.readings().stream().filter(r -> r.top().filter(t -> !t.heldBy().isEmpty()).isPresent()).findFirst()
                .ifPresent(r -> md.append("- holder first named (").append(clock(r.seconds())).append("): ")
                        .append(r.top().map(t -> javaName(t.className()) + heldBy(t)).orElse("")).append('\n'));
        o.last().ifPresent(r -> {
            md.append("- at the end (").append(clock(r.seconds())).append("): ").append(r.summary()).append('\n');
            md.append("- suspects at the end: ").append(suspects(r)).append('\n');
            r.finding("HEAP").filter(f -> f.message().contains("collecting"))
                    .ifPresent(f -> md.append("- note: the detector was still collecting: ").append(f.message())
                            .append('\n'));
        });
        if (s.leak() && s.target().check() == Check.KIND_ONLY && o.firstAlarm().isPresent()) {
            boolean named = o.readings().stream().anyMatch(r -> r.findings().stream().anyMatch(f ->
                    f.names(s.target().name())) || r.suspects().stream().anyMatch(x -> x.heldBy().contains(s.target()
                    .name()) || x.className().equals(s.target().name())));
            md.append("- ").append(s.target().name()).append(" named anywhere: ").append(named ? "yes" : "no")
                    .append('\n');
        }
        md.append("- polls: ").append(o.readings().size()).append(" read, ").append(o.pollFailures())
                .append(" failed").append(o.notes().isEmpty() ? "" : " (" + o.notes() + ")").append('\n');
        if (o.failure() != null) {
            md.append("- failure: ").append(o.failure()).append('\n');
        }
    }

    private static String suspects(Reading r) {
        return r.suspects().isEmpty() ? "none" : r.suspects().stream().limit(3)
                .map(x -> javaName(x.className()) + " " + mb(x.bytesPerMinute()) + "/min" + heldBy(x))
                .collect(Collectors.joining("; "));
    }

    private static String firstCell(Outcome o, String kind, String severity) {
        return o.first(kind, severity).map(r -> clock(r.seconds()) + (kind.equals("Any") && !severity.equals("INFO")
                ? " " + r.alarms().stream().map(Finding::kind).distinct().collect(Collectors.joining("+")) : ""))
                .orElse("—");
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static String heldBy(Suspect s) {
        return s.heldBy().isEmpty() ? "" : " held by " + s.heldBy();
    }

    private static String growth(Finding f) {
        if (Double.isNaN(f.growthPerMinute())) {
            return "";
        }
        return switch (f.kind()) {
            case "THREADS" -> String.format(Locale.ROOT, "%+.1f threads/min", f.growthPerMinute());
            case "CLASSES" -> String.format(Locale.ROOT, "%+.1f classes/min", f.growthPerMinute());
            default -> "+" + mb(f.growthPerMinute()) + "/min";
        };
    }

    private static String mb(double bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / (1 << 20));
    }

    static String worse(String a, String b) {
        return rank(a) >= rank(b) ? a : b;
    }

    static int rank(String severity) {
        return SEVERITIES.indexOf(severity);
    }

    static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static String format(double minutes) {
        return minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes);
    }

    // ------------------------------------------------------------------------------------------------ processes

    /** A child JVM under test. */
    interface App extends AutoCloseable {
        /** A client for its Jolokia, once the agent says where it is. */
        Http connect() throws IOException, InterruptedException;

        /** Its exit code once it has exited. */
        OptionalInt exitCode();

        /** " (OutOfMemoryError: ...)" when its output shows one, else "". */
        String oom();

        /** Destroys it; never throws. */
        @Override
        void close();
    }

    /** A {@link HostApp} JVM with the agent. */
    private static final class HostJvm implements App {
        private final ChildJvm child;

        private HostJvm(ChildJvm child) {
            this.child = child;
        }

        static HostJvm start(Scenario s, Options options) throws IOException {
            List<String> jvm = new ArrayList<>(List.of("-Xmx" + options.heap(), "-XX:+UseG1GC",
                    "-XX:+ExitOnOutOfMemoryError"));
            jvm.addAll(s.jvmArgs());
            jvm.add(ChildJvm.agent("port=0" + (options.agentOptions().isEmpty() ? "" : "," + options.agentOptions())));
            return new HostJvm(ChildJvm.start(jvm, ChildJvm.HOST_CLASSES, s.mode()));
        }

        @Override
        public Http connect() throws IOException {
            // ChildJvm waits 30 s at a time; a machine busy starting a dozen JVMs may need longer.
            for (int attempt = 1; ; attempt++) {
                try {
                    return child.acting(JOLOKIA_URL);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    if (attempt == 4 || exitCode().isPresent()) {
                        throw new IOException("the agent printed no Jolokia URL and token file within " + attempt * 30
                                + " s; last stderr: " + tail(child.stderr()), e);
                    }
                }
            }
        }

        @Override
        public OptionalInt exitCode() {
            try {
                int code = child.awaitExit(Duration.ZERO);
                return code == -1 ? OptionalInt.empty() : OptionalInt.of(code);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OptionalInt.empty();
            }
        }

        @Override
        public String oom() {
            return LeakQuality.oom(child.stdout(), child.stderr());
        }

        @Override
        public void close() {
            child.close();
        }
    }

    /** {@code java -jar memory-manager-demo.jar --console-port 0 --port 0} (the demo as people run it, console included), which prints its Jolokia URL and token file. */
    private static final class DemoJvm implements App {
        private static final Pattern URL = Pattern.compile("^\\s*Jolokia\\s+(http://\\S+)");
        private static final Pattern TOKEN = Pattern.compile("^\\s*Token\\s+(\\S+)");

        private final Process process;
        private final List<String> stdout = new CopyOnWriteArrayList<>();
        private final List<String> stderr = new CopyOnWriteArrayList<>();

        private DemoJvm(Process process) {
            this.process = process;
            pump(process.getInputStream(), stdout);
            pump(process.getErrorStream(), stderr);
        }

        static DemoJvm start(String heap) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new DemoJvm(new ProcessBuilder(java, "-Xmx" + heap, "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
                    "-jar", DEMO_JAR.toAbsolutePath().toString(), "--console-port", "0", "--port", "0").start());
        }

        private static void pump(java.io.InputStream in, List<String> lines) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("<<" + e + ">>");
                }
            }, "demo-output");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public Http connect() throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline && exitCode().isEmpty()) {
                Optional<String> url = find(URL);
                Optional<String> token = find(TOKEN);
                if (url.isPresent() && token.isPresent()) {
                    return new Http(url.get(), AccessToken.USER, AccessToken.read(Path.of(token.get())));
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            throw new IOException("the demo printed no Jolokia URL and token file; last output: " + tail(stdout)
                    + " / " + tail(stderr));
        }

        private Optional<String> find(Pattern p) {
            return stdout.stream().map(p::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
        }

        @Override
        public OptionalInt exitCode() {
            return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
        }

        @Override
        public String oom() {
            return LeakQuality.oom(stdout, stderr);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private static String oom(List<String> stdout, List<String> stderr) {
        return java.util.stream.Stream.concat(stdout.stream(), stderr.stream())
                .filter(l -> l.contains("OutOfMemoryError")).findFirst().map(l -> " (" + l.trim() + ")").orElse("");
    }

    private static String tail(List<String> lines) {
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    // ------------------------------------------------------------------------------------------------ console

    /**
     * A web console left open on the agent, polling as Hawtio does: the MBean tree ({@code list}) and a
     * {@code search} when it connects and every 30 s after; every 5 s a bulk read of the JVM dashboard MBeans
     * and of every Memory Manager MBean with all its attributes.
     */
    private static final class Console extends Thread {
        private static final List<String> DASHBOARD = List.of("java.lang:type=Memory", "java.lang:type=Threading",
                "java.lang:type=OperatingSystem", "java.lang:type=Runtime", "java.lang:type=ClassLoading",
                "java.lang:type=GarbageCollector,name=*", "java.lang:type=MemoryPool,name=*",
                "java.nio:type=BufferPool,name=*");

        private final Http http;
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger errors = new AtomicInteger();
        private volatile String lastError = "";

        Console(Http http, String scenario) {
            super("console-" + scenario);
            this.http = http;
            setDaemon(true);
        }

        @Override
        public void run() {
            List<String> mbeans = List.of();
            long listed = 0;
            try {
                while (!isInterrupted()) {
                    if (mbeans.isEmpty() || System.nanoTime() - listed > TimeUnit.SECONDS.toNanos(30)) {
                        listed = System.nanoTime();
                        send("{\"type\":\"list\",\"config\":{\"maxDepth\":9,\"maxCollectionSize\":50000,"
                                + "\"ignoreErrors\":true,\"canonicalNaming\":false}}");
                        Http.Answer found = send("{\"type\":\"search\",\"mbean\":\"io.memorymanager:*\"}");
                        send("{\"type\":\"search\",\"mbean\":\"*:*\"}");
                        if (found != null && found.value() instanceof List<?> names) {
                            mbeans = names.stream().map(String::valueOf).toList();
                        }
                    }
                    List<String> reads = new ArrayList<>(DASHBOARD);
                    reads.addAll(mbeans);
                    send(reads.stream().map(m -> "{\"type\":\"read\",\"mbean\":\"" + json(m)
                            + "\",\"config\":{\"ignoreErrors\":true}}").collect(Collectors.joining(",", "[", "]")));
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                // the scenario is over
            }
        }

        private Http.Answer send(String body) throws InterruptedException {
            requests.incrementAndGet();
            try {
                return http.post(body);
            } catch (IOException | RuntimeException e) {
                errors.incrementAndGet();
                lastError = e.toString();
                return null;
            }
        }

        String summary() {
            return "console: " + requests.get() + " requests, " + errors.get() + " failed"
                    + (lastError.isEmpty() ? "" : ", last " + lastError);
        }

        private static String json(String s) {
            return s.replace("\\", "\\\\").replace("\"", "\\\"");
        }
    }
}
