package io.memorymanager.leak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memorymanager.ManualClock;
import io.memorymanager.internal.ObjectNames;
import io.memorymanager.profile.ClassHistogramEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/** The detector driven by a synthetic JVM and a manual clock: deterministic, no sleeping. */
class LeakDetectorTest {

    private static final long MB = 1 << 20;

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);

    /** A JVM whose numbers the test sets. */
    private static final class FakeJvm implements LeakSources {
        volatile long floor = 100 * MB;
        volatile long max = 256 * MB;
        volatile int threads = 20;
        volatile int leakyThreads;
        volatile int loaded = 5000;
        volatile long unloaded;
        volatile long direct;
        volatile long mapped;
        volatile long sessions;
        volatile long rawArrays;
        volatile long caches;
        volatile long softRefs;
        /** Whether what the floor shows is live (found by the histograms' full collections) or garbage. */
        volatile boolean floorIsLive = true;
        volatile Map<String, String> holders = Map.of();
        final List<String> probed = new CopyOnWriteArrayList<>();
        volatile boolean probeWorks = true;
        /** Whether the sources trace where direct buffers are allocated (the agent's tracer). */
        volatile boolean tracesDirect;

        @Override
        public boolean tracesDirectBuffers() {
            return tracesDirect;
        }
        final AtomicInteger histograms = new AtomicInteger();
        final AtomicInteger probeCalls = new AtomicInteger();

        @Override
        public boolean probeHolders(List<String> classNames, String threadGroup) {
            probeCalls.incrementAndGet();
            if (!classNames.isEmpty() || threadGroup != null) {
                probed.add(classNames + " " + threadGroup);
            }
            return probeWorks;
        }

        @Override
        public Map<String, String> holders() {
            return holders;
        }

        @Override
        public long heapFloorBytes(long windowMillis) {
            return floor;
        }

        @Override
        public long maxHeapBytes() {
            return max;
        }

        @Override
        public int threadCount() {
            return threads + leakyThreads;
        }

        @Override
        public Map<String, Integer> threadGroups() {
            return Map.of("main", 1, "pool-#-thread-#", threads - 1, "leaky-worker-#", leakyThreads);
        }

        @Override
        public int loadedClassCount() {
            return loaded;
        }

        @Override
        public long unloadedClassCount() {
            return unloaded;
        }

        @Override
        public long directBufferBytes() {
            return direct;
        }

        @Override
        public long mappedBufferBytes() {
            return mapped;
        }

        @Override
        public List<ClassHistogramEntry> histogram() {
            if (refuse) {
                throw new IllegalStateException("the next one is allowed in 5000 ms");
            }
            histograms.incrementAndGet();
            if (nextPause >= 0) {
                pause = nextPause;
            }
            // byte[] grows far more in bytes than the leaking application class, as it does alongside it
            return List.of(
                    ClassHistogramEntry.of(1, "[B", "java.base", 1000 + sessions + rawArrays,
                            1_000_000 + sessions * 1040 + rawArrays * 10_000, 50),
                    ClassHistogramEntry.of(2, "com.acme.Session", "", sessions, sessions * 48, 10),
                    ClassHistogramEntry.of(3, "io.memorymanager.leak.Sample", "", sessions, sessions * 64, 5),
                    ClassHistogramEntry.of(4, "java.lang.String", "java.base", 5000, 120_000, 5),
                    ClassHistogramEntry.of(6, "com.acme.Cache", "", 1 + caches, 32 + caches * 32, 0),
                    ClassHistogramEntry.of(7, "java.lang.ref.SoftReference", "java.base", 10 + softRefs,
                            320 + softRefs * 32, 0),
                    ClassHistogramEntry.of(8, "java.lang.Object[]", "java.base", 1, floorIsLive ? floor : 100 * MB, 0),
                    ClassHistogramEntry.of(5, "org.slf4j.Loaded", "", sessions > 0 ? 1 : 0, sessions > 0 ? 24 : 0, 0),
                    ClassHistogramEntry.of(9, "jdk.internal.reflect.DelegatingClassLoader", "java.base",
                            1 + reflectionLoaders, 96 + reflectionLoaders * 96L, 0),
                    ClassHistogramEntry.of(10, "java.net.URLClassLoader", "java.base", 1 + appLoaders,
                            120 + appLoaders * 120L, 0));
        }

        volatile int reflectionLoaders;
        volatile int appLoaders;
        volatile long pause = 20;
        /** The pause the next histogram takes, when not negative. */
        volatile long nextPause = -1;
        volatile boolean refuse;
        volatile String collections;

        @Override
        public String collectionsBearOut(long fromMillis, long minSpanMillis, double floorPerMinute) {
            return collections;
        }

        @Override
        public long lastHistogramPauseMillis() {
            return pause;
        }
    }

    private final FakeJvm jvm = new FakeJvm();
    private final List<Notification> notifications = new CopyOnWriteArrayList<>();

    private LeakDetector detector(Duration window) {
        LeakDetector d = new LeakDetector(jvm, window, Duration.ofSeconds(10), ObjectNames.of("LeakDetector"), clock);
        d.addNotificationListener((n, h) -> notifications.add(n), null, null);
        return d;
    }

    /** Advances 10 s, lets {@code step} change the JVM, and analyzes; {@code times} times. */
    private void run(LeakDetector d, int times, Runnable step) {
        for (int i = 0; i < times; i++) {
            clock.advance(10_000);
            step.run();
            d.analyzeNow();
        }
    }

    private static Finding finding(LeakDetector d, String kind) {
        return d.getFindings().stream().filter(f -> f.kind().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void steadyJvmStaysQuietAndTakesNoHistogram() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        java.util.Random noise = new java.util.Random(5);
        run(d, 60, () -> jvm.floor = 100 * MB + (long) (noise.nextGaussian() * MB));
        assertThat(d.getStatus()).isEqualTo(Severity.NONE);
        assertThat(d.getLeakScore()).isLessThanOrEqualTo(20);
        assertThat(d.getTimeToExhaustionSeconds()).isEqualTo(-1);
        assertThat(notifications).isEmpty();
        assertThat(jvm.histograms).hasValue(0);
        assertThat(d.getRecommendations()).isEmpty();
    }

    @Test
    void heapLeakIsDetectedWithTheApplicationClassAsTopSuspectAndASpecificRecommendation() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        run(d, 60, () -> {
            jvm.floor += MB / 2;          // 3 MB/min into a 256 MB heap
            jvm.sessions += 2_000;
        });
        assertThat(d.getStatus()).isIn(Severity.WARNING, Severity.CRITICAL);
        assertThat(d.getLeakScore()).isGreaterThanOrEqualTo(50);
        assertThat(d.getHeapGrowthBytesPerMinute()).isCloseTo(3.0 * MB, org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(d.getTimeToExhaustionSeconds()).isPositive();
        assertThat(jvm.histograms.get()).isBetween(2, 10);
        assertThat(d.getSuspects()).isNotEmpty();
        assertThat(d.getSuspects().get(0).className()).isEqualTo("com.acme.Session");
        assertThat(d.getSuspects().get(0).instancesPerMinute()).isCloseTo(12_000, org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(d.getSuspects()).extracting(Suspect::className)
                .doesNotContain("io.memorymanager.leak.Sample", "org.slf4j.Loaded").contains("byte[]");
        assertThat(d.getRecommendations()).anySatisfy(r -> assertThat(r)
                .contains("Instances of com.acme.Session grow 12.0 k/min").contains("Profiler.dumpHeap"));
        assertThat(notifications).extracting(Notification::getType).first().isEqualTo(LeakDetector.DETECTED);
        CompositeData payload = (CompositeData) notifications.get(0).getUserData();
        assertThat(payload.get("kind")).isEqualTo("HEAP");
        assertThat(payload.get("severity")).isIn("WARNING", "CRITICAL");
    }

    @Test
    void histogramsAreRateLimitedToATenthOfTheWindowWithinTenSecondsAndAMinute() {
        assertThat(detector(Duration.ofMinutes(1)).histogramIntervalMillis()).isEqualTo(10_000);
        assertThat(detector(Duration.ofMinutes(3)).histogramIntervalMillis()).isEqualTo(18_000);
        assertThat(detector(Duration.ofMinutes(10)).histogramIntervalMillis()).isEqualTo(60_000);
        assertThat(detector(Duration.ofDays(1)).histogramIntervalMillis()).isEqualTo(60_000);
        LeakDetector d = detector(Duration.ofMinutes(2));
        run(d, 36, () -> jvm.floor += MB);   // 6 minutes of a leak: a histogram at most every 12 s
        assertThat(jvm.histograms.get()).isBetween(2, 30);
    }

    @Test
    void aByteArrayLeakWithNoApplicationClassGrowingAlikeHasByteArrayFirst() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        run(d, 60, () -> {
            jvm.floor += MB / 2;
            jvm.rawArrays += 200;   // 1,200 byte[] a minute
            jvm.caches += 1;        // an application class growing 6 a minute: under 1% of that, not the leak
        });
        assertThat(d.getSuspects()).extracting(Suspect::className).first().isEqualTo("byte[]");
        assertThat(d.getSuspects()).extracting(Suspect::className).doesNotContain("com.acme.Session");
        assertThat(d.getRecommendations()).anySatisfy(r -> assertThat(r).contains("Instances of byte[] grow"));
    }

    @Test
    void aLeakThatStopsIsResolvedOnceTheWindowNoLongerShowsIt() {
        LeakDetector d = detector(Duration.ofMinutes(2));
        run(d, 30, () -> jvm.floor += 2 * MB);
        assertThat(d.getStatus()).isIn(Severity.WARNING, Severity.CRITICAL);
        java.util.Random noise = new java.util.Random(9);
        long level = jvm.floor;
        run(d, 30, () -> jvm.floor = level + (long) (noise.nextGaussian() * MB / 4));
        assertThat(d.getStatus()).isIn(Severity.NONE, Severity.INFO);
        assertThat(notifications).extracting(Notification::getType).contains(LeakDetector.DETECTED)
                .last().isEqualTo(LeakDetector.RESOLVED);
    }

    @Test
    void threadLeakNamesTheGrowingGroup() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        run(d, 55, () -> jvm.leakyThreads += 2);
        Finding threads = finding(d, "THREADS");
        // the probe never names the creator here: the warning waits for it a third of the window, then goes out
        assertThat(threads.severity()).isEqualTo(Severity.INFO);
        assertThat(threads.message()).contains("who starts the leaky-worker-# threads is not known yet");
        run(d, 20, () -> jvm.leakyThreads += 2);
        threads = finding(d, "THREADS");
        assertThat(threads.severity()).isIn(Severity.WARNING, Severity.CRITICAL);
        assertThat(threads.message()).contains("leaky-worker-#");
        assertThat(threads.recommendation()).contains("leaky-worker-#");
        assertThat(finding(d, "HEAP").severity()).isEqualTo(Severity.NONE);
    }

    @Test
    void classesThatLoadAndUnloadAreChurnNotALeak() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        run(d, 55, () -> {
            jvm.loaded += 50;
            jvm.unloaded += 45;
        });
        assertThat(finding(d, "CLASSES").severity()).isIn(Severity.NONE, Severity.INFO);
        LeakDetector leaking = detector(Duration.ofMinutes(10));
        run(leaking, 55, () -> jvm.loaded += 50);
        assertThat(finding(leaking, "CLASSES").severity()).isIn(Severity.WARNING, Severity.CRITICAL);
        assertThat(finding(leaking, "CLASSES").recommendation()).contains("class-loader leak");
    }

    @Test
    void classesLoadedLateWhileOnlyTheJdksReflectionLoadersMultiplyAreNotALeak() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        AtomicInteger tick = new AtomicInteger();
        run(d, 60, () -> {
            jvm.loaded += 5;                                    // 30 classes a minute, for ten minutes
            if (tick.incrementAndGet() % 2 == 0) {
                jvm.reflectionLoaders++;                         // an accessor each, now and then
            }
        });
        Finding classes = finding(d, "CLASSES");
        assertThat(classes.severity()).isEqualTo(Severity.INFO);
        assertThat(classes.message()).contains("Loaded classes grow 30 classes/min")
                .contains("no class loader type multiplies in the class histograms")
                .doesNotContain("DelegatingClassLoader grow");
        assertThat(jvm.histograms.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aClassLoaderLeakOfTwentyFourClassesAMinuteWarnsAndNamesTheLoader() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        AtomicInteger tick = new AtomicInteger();
        run(d, 60, () -> {
            jvm.loaded += 4;                                    // 24 classes a minute: 3 a redeploy, 8 redeploys
            if (tick.incrementAndGet() % 5 != 0) {
                jvm.appLoaders++;
            }
        });
        Finding classes = finding(d, "CLASSES");
        assertThat(classes.severity()).isIn(Severity.WARNING, Severity.CRITICAL);
        assertThat(classes.message()).contains("instances of java.net.URLClassLoader grow");
        assertThat(classes.recommendation()).contains("class-loader leak");
    }

    @Test
    void aFewClassesLoadedPerMinuteIsNotALeak() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        AtomicInteger tick = new AtomicInteger();
        run(d, 60, () -> {
            if (tick.incrementAndGet() % 6 == 0) {
                jvm.loaded += 10;
            }
        });
        assertThat(finding(d, "CLASSES").severity()).isIn(Severity.NONE, Severity.INFO);
        assertThat(d.getStatus()).isIn(Severity.NONE, Severity.INFO);
    }

    @Test
    void theTrickleOfClassesAnIdleJvmLoadsTakesNoHistogram() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        AtomicInteger tick = new AtomicInteger();
        run(d, 120, () -> {
            if (tick.incrementAndGet() % 3 == 0) {
                jvm.loaded += 1;                                // 2 classes a minute, for twenty minutes
            }
        });
        assertThat(finding(d, "CLASSES").severity()).isEqualTo(Severity.INFO);
        assertThat(jvm.histograms).as("a full collection a minute for a rise that cannot alarm").hasValue(0);
    }

    @Test
    void classesLoadedAtOnceTakeNoHistogramWhileTheWindowStillHoldsTheStep() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        run(d, 30, () -> { });
        jvm.loaded += 400;                                      // a console connects: 400 classes at once
        run(d, 30, () -> { });                                  // the step now in the middle of the window
        Finding classes = finding(d, "CLASSES");
        assertThat(classes.severity()).isIn(Severity.NONE, Severity.INFO);
        assertThat(classes.message()).contains("one-time rise of 400 classes");
        assertThat(jvm.histograms).as("a full collection a minute for a step that cannot alarm").hasValue(0);
    }

    @Test
    void aClassRiseLevellingOffStopsTakingHistogramsLongBeforeItLeavesTheWindow() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        run(d, 30, () -> jvm.loaded += 10);                     // a warm-up: 60 classes a minute for five minutes
        int duringRise = jvm.histograms.get();
        AtomicInteger tick = new AtomicInteger();
        Runnable trickle = () -> {                              // then a class every 30 s, for nine minutes
            if (tick.incrementAndGet() % 3 == 0) {
                jvm.loaded += 1;
            }
        };
        run(d, 24, trickle);
        assertThat(finding(d, "CLASSES").message()).containsAnyOf("growth towards a plateau", "the growth has stopped");
        assertThat(finding(d, "CLASSES").growthPerMinute()).as("fast enough to take histograms without the rule")
                .isGreaterThanOrEqualTo(LeakDetector.MIN_CLASSES_PER_MINUTE / 2);
        run(d, 30, trickle);
        assertThat(duringRise).as("histograms while classes rise fast").isGreaterThanOrEqualTo(2);
        assertThat(jvm.histograms.get() - duringRise)
                .as("histograms once the rise has levelled off (one a minute without the rule)").isLessThanOrEqualTo(2);
        run(d, 30, () -> jvm.loaded += 10);                     // growth resumes: histograms again
        assertThat(jvm.histograms.get() - duringRise).isGreaterThan(2);
    }

    @Test
    void aFloorCreepingTooSlowlyToFillTheHeapInTwoDaysTakesNoHistogramUntilItSpeedsUp() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        jvm.max = 8L * 1024 * MB;
        run(d, 120, () -> jvm.floor += 50 * 1024);      // 300 KB a minute: 8 GB in 19 days
        assertThat(finding(d, "HEAP").severity()).isEqualTo(Severity.INFO);
        assertThat(jvm.histograms).as("a full collection a minute for a rise that cannot alarm").hasValue(0);
        assertThat(jvm.probeCalls).as("nor a flight recording to find what holds it").hasValue(0);
        run(d, 60, () -> jvm.floor += 2 * MB);          // 12 MB a minute: the heap full in 11 hours
        assertThat(jvm.histograms.get()).as("histograms again, before any alarm").isGreaterThanOrEqualTo(2);
        assertThat(jvm.probeCalls.get()).isPositive();
    }

    @Test
    void aClassRiseIsNoAlarmUntilClassHistogramsCouldTellALoaderLeak() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        jvm.refuse = true;                                      // no histogram can be taken for now
        run(d, 60, () -> {
            jvm.loaded += 5;                                    // 30 classes a minute, for ten minutes
            jvm.appLoaders++;
        });
        Finding classes = finding(d, "CLASSES");
        assertThat(classes.severity()).isEqualTo(Severity.INFO);
        assertThat(classes.message()).contains("to be confirmed by class histograms");
        jvm.refuse = false;
        run(d, 18, () -> {
            jvm.loaded += 5;
            jvm.appLoaders++;
        });
        assertThat(finding(d, "CLASSES").severity()).isIn(Severity.WARNING, Severity.CRITICAL);
        assertThat(finding(d, "CLASSES").message()).contains("instances of java.net.URLClassLoader grow");
    }

    @Test
    void invalidSettingsAreRefusedAndChangeNothing() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        assertThatThrownBy(() -> d.setWindowSeconds(10)).hasMessage("WindowSeconds must be between 60 and 86400, was 10");
        assertThatThrownBy(() -> d.setSignificanceLevel(0.5)).hasMessage(
                "SignificanceLevel must be between 0.0001 and 0.1, was 0.5");
        assertThat(d.getWindowSeconds()).isEqualTo(600);
        assertThat(d.getSignificanceLevel()).isEqualTo(0.01);
    }

    @Test
    void resetForgetsEverything() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        run(d, 30, () -> jvm.floor += MB);
        d.reset();
        assertThat(d.getSampleCount()).isZero();
        assertThat(d.getFindings()).isEmpty();
        assertThat(d.getStatus()).isEqualTo(Severity.NONE);
    }

    @Test
    void theFirstAlarmAndItsNotificationNameTheSuspectAndWhatHoldsIt() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        jvm.holders = Map.of("com.acme.Session", "static com.acme.Registry.SESSIONS (java.util.HashMap)");
        run(d, 60, () -> {
            jvm.floor += MB / 6;          // 1 MB/min into a 256 MB heap: a WARNING after 8 minutes of data
            jvm.sessions += 700;
        });
        assertThat(notifications).isNotEmpty();
        Notification first = notifications.get(0);
        assertThat(first.getType()).isEqualTo(LeakDetector.DETECTED);
        assertThat(first.getMessage()).contains("top suspect: com.acme.Session")
                .contains("held by static com.acme.Registry.SESSIONS (java.util.HashMap)");
        assertThat(d.getSuspects().get(0).heldBy()).isEqualTo("static com.acme.Registry.SESSIONS (java.util.HashMap)");
        assertThat(d.getRecommendations()).anySatisfy(r -> assertThat(r)
                .contains("they are held by static com.acme.Registry.SESSIONS"));
        assertThat(jvm.probed).anySatisfy(p -> assertThat(p).contains("com.acme.Session"));
    }

    @Test
    void aWarningWaitsForTheProbeToNameWhatHoldsTheSuspect() {
        Runnable leak = () -> {
            jvm.floor += MB / 6;          // 1 MB/min into a 256 MB heap
            jvm.sessions += 700;
        };
        LeakDetector d = detector(Duration.ofMinutes(10));
        int samples = 0;
        while (samples < 70 && (d.getFindings().isEmpty() || !finding(d, "HEAP").message().contains("not known yet"))) {
            run(d, 1, leak);
            samples++;
        }
        Finding heap = finding(d, "HEAP");
        assertThat(heap.severity()).isEqualTo(Severity.INFO);
        assertThat(heap.message()).contains("a leak by the evidence, but what holds com.acme.Session is not known yet");
        assertThat(notifications).isEmpty();
        jvm.holders = Map.of("com.acme.Session", "static com.acme.Registry.SESSIONS (java.util.HashMap)");
        run(d, 1, leak);
        assertThat(finding(d, "HEAP").severity()).isEqualTo(Severity.WARNING);
        assertThat(notifications).first().satisfies(n -> assertThat(n.getMessage())
                .contains("held by static com.acme.Registry.SESSIONS (java.util.HashMap)"));

        // with the probe off (no JFR), the same evidence warns at once, without a holder
        ManualClock offClock = new ManualClock(1_800_000_000_000L);
        FakeJvm noJfr = new FakeJvm();
        noJfr.probeWorks = false;
        LeakDetector off = new LeakDetector(noJfr, Duration.ofMinutes(10), Duration.ofSeconds(10),
                ObjectNames.of("LeakDetector"), offClock);
        for (int i = 0; i < samples; i++) {
            offClock.advance(10_000);
            noJfr.floor += MB / 6;
            noJfr.sessions += 700;
            off.analyzeNow();
        }
        assertThat(finding(off, "HEAP").severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void aRiseInItsFirstMinutesIsInformationAndTakesHistogramsAlready() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        run(d, 18, () -> {
            jvm.floor += 3 * MB;          // 18 MB/min for 3 minutes: fast, but not yet evidence
            jvm.sessions += 2_000;
        });
        assertThat(d.getStatus()).isEqualTo(Severity.INFO);
        assertThat(finding(d, "HEAP").message()).contains("judged after");
        assertThat(notifications).isEmpty();
        assertThat(jvm.histograms.get()).isGreaterThanOrEqualTo(2);
        assertThat(d.getSuspects()).extracting(Suspect::className).first().isEqualTo("com.acme.Session");
    }

    @Test
    void growthThatSoftReferencesCarryIsNeverAnAlarm() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        run(d, 90, () -> {
            jvm.floor += MB / 2;          // 3 MB/min into 256 MB: CRITICAL if it were strongly held
            jvm.rawArrays += 50;
            jvm.softRefs += 50;           // a soft-valued cache: one SoftReference per value
        });
        Finding heap = finding(d, "HEAP");
        assertThat(heap.severity()).isEqualTo(Severity.INFO);
        assertThat(heap.message()).contains("soft references grow with it").contains("java.lang.ref.SoftReference");
        assertThat(notifications).isEmpty();
    }

    @Test
    void aThreadPoolThatGrowsThenStaysFlatRaisesNoAlarm() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        run(d, 150, () -> jvm.leakyThreads = Math.min(190, jvm.leakyThreads + 16));
        assertThat(d.getStatus()).isIn(Severity.NONE, Severity.INFO);
        assertThat(notifications).isEmpty();
    }

    @Test
    void theThreadFindingNamesWhoStartsTheGrowingThreads() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        jvm.holders = Map.of("thread:leaky-worker-#", "com.acme.reports.ReportService.render:42");
        AtomicInteger tick = new AtomicInteger();
        run(d, 60, () -> jvm.leakyThreads += tick.incrementAndGet() % 3 == 0 ? 1 : 0);   // 2 a minute
        Finding threads = finding(d, "THREADS");
        assertThat(threads.severity()).isEqualTo(Severity.WARNING);
        assertThat(threads.message()).contains("started by com.acme.reports.ReportService.render:42");
    }

    @Test
    void aDirectBufferWarningWaitsForTheAllocatingSiteAndNamesItInTheFirstAlarm() {
        jvm.tracesDirect = true;
        jvm.direct = 20 * MB;
        Runnable leak = () -> jvm.direct += MB / 3;     // 2 MB/min into 256 MB: a WARNING, not a CRITICAL
        LeakDetector d = detector(Duration.ofMinutes(10));
        int samples = 0;
        while (samples < 80 && (d.getFindings().isEmpty()
                || !finding(d, "DIRECT_BUFFERS").message().contains("not known yet"))) {
            run(d, 1, leak);
            samples++;
        }
        Finding direct = finding(d, "DIRECT_BUFFERS");
        assertThat(direct.severity()).isEqualTo(Severity.INFO);
        assertThat(direct.message()).contains("a leak by the evidence, but where the buffers are allocated is not "
                + "known yet").contains("sampling the callers of ByteBuffer.allocateDirect");
        assertThat(jvm.probed).anySatisfy(p -> assertThat(p).contains("java.nio.DirectByteBuffer"));
        assertThat(notifications).isEmpty();

        jvm.holders = Map.of("alloc:java.nio.DirectByteBuffer",
                "com.acme.net.BufferPool.acquire:31 (called from com.acme.net.MessageRelay.relay:27) (12 of the 14 "
                        + "buffers sampled there still alive)");
        run(d, 1, leak);
        assertThat(finding(d, "DIRECT_BUFFERS").severity()).isEqualTo(Severity.WARNING);
        assertThat(notifications).first().satisfies(n -> assertThat(n.getMessage())
                .contains("allocated at com.acme.net.BufferPool.acquire:31 (called from com.acme.net.MessageRelay"));

        // without the agent's tracer the same evidence warns at once, without a site
        ManualClock bareClock = new ManualClock(1_800_000_000_000L);
        FakeJvm bare = new FakeJvm();
        bare.direct = 20 * MB;
        LeakDetector embedded = new LeakDetector(bare, Duration.ofMinutes(10), Duration.ofSeconds(10),
                ObjectNames.of("LeakDetector"), bareClock);
        for (int i = 0; i < samples; i++) {
            bareClock.advance(10_000);
            bare.direct += MB / 3;
            embedded.analyzeNow();
        }
        assertThat(finding(embedded, "DIRECT_BUFFERS").severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void aFewMegabytesOfDirectMemoryRisingNeverStartTheTracer() {
        jvm.tracesDirect = true;
        jvm.direct = 100 << 10;
        LeakDetector d = detector(Duration.ofMinutes(10));
        // 300 KB/min for 10 minutes (a console's and an HTTP stack's buffers as they warm up): 3 MB in all, rising
        run(d, 60, () -> jvm.direct += 50 << 10);
        assertThat(finding(d, "DIRECT_BUFFERS").severity()).isIn(Severity.NONE, Severity.INFO);
        assertThat(jvm.probed).noneMatch(p -> p.contains("java.nio.DirectByteBuffer"));
        assertThat(notifications).isEmpty();
    }

    @Test
    void mappedFilesAreJudgedApartAndNeverAlarm() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        run(d, 60, () -> jvm.mapped += 5 * MB);
        Finding mapped = finding(d, "MAPPED_BUFFERS");
        assertThat(mapped.severity()).isEqualTo(Severity.INFO);
        assertThat(mapped.message()).contains("not direct memory");
        assertThat(finding(d, "DIRECT_BUFFERS").severity()).isEqualTo(Severity.NONE);
        assertThat(d.getStatus()).isEqualTo(Severity.INFO);
    }

    @Test
    void memoryManagersOwnThreadsAreNotCounted() {
        assertThat(LeakSources.isOwnThread("memory-manager-http-12")).isTrue();
        assertThat(LeakSources.isOwnThread("memory-manager-jolokia-3")).isTrue();
        assertThat(LeakSources.isOwnThread("RMI TCP Connection(4)-127.0.0.1")).isTrue();
        assertThat(LeakSources.isOwnThread("pool-3-thread-1")).isFalse();
    }

    @Test
    void aFloorRisingWhileTheLiveHeapAfterFullCollectionsStaysFlatIsGarbageNotALeak() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        jvm.floorIsLive = false;
        run(d, 60, () -> jvm.floor += MB / 2);   // 3 MB/min of promoted garbage no mixed collection has reclaimed
        Finding heap = finding(d, "HEAP");
        assertThat(heap.severity()).isEqualTo(Severity.INFO);
        assertThat(heap.message()).contains("the live heap measured after").contains("garbage awaiting collection");
        assertThat(notifications).isEmpty();
        assertThat(jvm.histograms.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void whereHistogramsPauseTooLongCollectionsThatCutTheOldGenerationMustBearTheAlarmOut() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        jvm.pause = 5_000;        // a huge heap: no class histograms, so no full collections to confirm with
        run(d, 60, () -> jvm.floor += MB / 2);
        Finding heap = finding(d, "HEAP");
        assertThat(heap.severity()).as("the sources bear it out").isIn(Severity.WARNING, Severity.CRITICAL);
        assertThat(jvm.histograms.get()).as("one retry after five minutes' back-off").isEqualTo(1);
        // too few collections have cut the old generation: what piled up there may be garbage
        LeakDetector uncollected = detector(Duration.ofMinutes(10));
        jvm.collections = SuspectTracker.UNCONFIRMED;
        run(uncollected, 60, () -> jvm.floor += MB / 2);
        assertThat(finding(uncollected, "HEAP").severity()).isEqualTo(Severity.INFO);
        assertThat(finding(uncollected, "HEAP").message()).contains("pause too long here (5000 ms)")
                .contains("fewer than three collections have cut the old generation");
        // they did, and the heap after them stayed flat
        LeakDetector garbage = detector(Duration.ofMinutes(10));
        jvm.collections = "the heap after 4 collections that cut the old generation went from 100.0 MB to 101.0 MB";
        run(garbage, 60, () -> jvm.floor += MB / 2);
        assertThat(finding(garbage, "HEAP").severity()).isEqualTo(Severity.INFO);
        assertThat(finding(garbage, "HEAP").message()).contains("but the heap after 4 collections");
    }

    @Test
    void aHistogramThatPausedTooLongIsRetriedAfterABackOffNotNeverAgain() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        Runnable leak = () -> {
            jvm.floor += MB / 2;
            jvm.sessions += 500;
        };
        jvm.nextPause = 2_000;    // the first one pauses 2 s: the machine is busy
        int samples = 0;
        while (jvm.histograms.get() == 0 && samples++ < 60) {
            run(d, 1, leak);
        }
        assertThat(jvm.histograms).hasValue(1);
        run(d, 29, leak);         // 4 min 50 s: backing off (five intervals of a minute)
        assertThat(jvm.histograms).hasValue(1);
        jvm.nextPause = 300;      // the retry is quick: back to one a minute
        run(d, 2, leak);
        assertThat(jvm.histograms).as("tried again after five minutes").hasValue(2);
        run(d, 13, leak);
        assertThat(jvm.histograms.get()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void anAlarmWaitsUntilFullCollectionsCanConfirmIt() {
        LeakDetector d = detector(Duration.ofMinutes(10));
        jvm.refuse = true;        // histograms refused for now (another caller took one: the rate limit)
        run(d, 60, () -> jvm.floor += MB / 2);
        assertThat(d.getStatus()).isEqualTo(Severity.INFO);
        assertThat(finding(d, "HEAP").message()).contains("to be confirmed by the live heap after full collections");
        assertThat(notifications).isEmpty();
        jvm.refuse = false;
        run(d, 24, () -> jvm.floor += MB / 2);
        assertThat(d.getStatus()).isIn(Severity.WARNING, Severity.CRITICAL);
    }
}
