package io.memorymanager.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The profiler writes only into its directory, under names it makes, and never through a link. */
class DumpConfinementTest {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-21T10:15:30.123Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private Path out() {
        return tmp.resolve("out");
    }

    private Profiler profiler(long heapUsed) {
        return new Profiler(ProfilerSettings.defaults().withOutputDirectory(out()).withMaxRetainedFiles(2),
                FIXED, () -> heapUsed);
    }

    /** The name the n-th file of this kind will get (sequence numbers are per directory object). */
    private static String predicted(String prefix, int sequence, String extension) {
        return prefix + "-20261121-101530-123-" + ProcessHandle.current().pid() + "-" + sequence + "." + extension;
    }

    private Set<Path> everything() throws IOException {
        try (Stream<Path> all = Files.walk(tmp)) {
            return Set.copyOf(all.toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../outside.hprof", "/etc/passwd", "heap-20261121-101530-123-1-1.hprof/../../x",
        "a/b", "heap-20261121-101530-123-1-1.hprof\u0000.txt", "heap.hprof", "notes.txt", "",
        "heap-20261121-101530-123-1-1.exe"})
    void foreignNamesAreRefused(String name) throws IOException {
        Profiler profiler = profiler(0);
        profiler.listDumps();
        Set<Path> before = everything();
        assertThatThrownBy(() -> profiler.deleteDump(name)).isInstanceOf(IllegalArgumentException.class);
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void overLongNamesAreRefused() {
        Profiler profiler = profiler(0);
        assertThatThrownBy(() -> profiler.deleteDump("heap-" + "1".repeat(200) + ".hprof"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than");
    }

    @Test
    void aSymlinkPlantedUnderOneOfOurNamesIsNeitherDeletedNorFollowed() throws IOException {
        Profiler profiler = profiler(0);
        profiler.listDumps();
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "keep me");
        String name = predicted("heap", 7, "hprof");
        Files.createSymbolicLink(out().resolve(name), victim);
        assertThatThrownBy(() -> profiler.deleteDump(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a regular file");
        assertThat(victim).hasContent("keep me");
        assertThat(profiler.listDumps()).isEmpty();
    }

    @Test
    void aDumpIsRefusedWhenItsNameIsTakenByAPlantedLinkAndNothingIsWrittenThrough() throws IOException {
        Profiler profiler = profiler(0);
        profiler.listDumps();
        Path outside = tmp.resolve("outside.hprof");
        Files.createSymbolicLink(out().resolve(predicted("heap", 1, "hprof")), outside);
        assertThatThrownBy(() -> profiler.dumpHeap(true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already exists").hasMessageContaining("nothing was overwritten");
        assertThat(Files.exists(outside, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(workDirectories()).isEmpty();
    }

    @Test
    void aDumpNeverOverwritesAnExistingFile() throws IOException {
        Profiler profiler = profiler(0);
        profiler.listDumps();
        Path existing = Files.writeString(out().resolve(predicted("heap", 1, "hprof")), "precious");
        assertThatThrownBy(() -> profiler.dumpHeap(false)).isInstanceOf(IllegalStateException.class);
        assertThat(existing).hasContent("precious");
    }

    @Test
    void dumpIsWrittenListedAndDeletedInsideTheDirectoryOnly() throws IOException {
        Profiler profiler = profiler(0);
        ExportedFile dump = profiler.dumpHeap(true);
        assertThat(dump.name()).isEqualTo(predicted("heap", 1, "hprof"));
        assertThat(Path.of(dump.path()).getParent()).isEqualTo(out().toAbsolutePath());
        assertThat(dump.sizeBytes()).isPositive();
        assertThat(dump.durationMillis()).isGreaterThanOrEqualTo(0);
        assertThat(dump.complete()).isTrue();
        assertThat(profiler.listDumps()).extracting(ExportedFile::name).containsExactly(dump.name());
        assertThat(workDirectories()).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(dump.path()))))
                .isEqualTo("rw-------");

        assertThat(profiler.deleteDump(dump.name()).sizeBytes()).isEqualTo(dump.sizeBytes());
        assertThat(profiler.listDumps()).isEmpty();
        assertThatThrownBy(() -> profiler.deleteDump(dump.name())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retainedDumpsAreBounded() {
        Profiler profiler = profiler(0);
        profiler.dumpHeap(true);
        profiler.dumpHeap(true);
        assertThatThrownBy(() -> profiler.dumpHeap(true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 hprof files are kept").hasMessageContaining("deleteDump");
        assertThat(profiler.listDumps()).hasSize(2);
    }

    @Test
    void recordingsStartedAtOnceCountTowardsMaxRetainedFilesWhileTheyRun() throws Exception {
        int threads = 8;
        int max = 5;
        Profiler profiler = new Profiler(ProfilerSettings.defaults().withOutputDirectory(out())
                .withMaxRetainedFiles(max), FIXED, () -> 0);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<ExportedFile>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return profiler.recordFor(1);
                }));
            }
            start.countDown();
            List<String> started = new java.util.ArrayList<>();
            List<String> refusals = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<ExportedFile> call : calls) {
                try {
                    started.add(call.get(60, java.util.concurrent.TimeUnit.SECONDS).name());
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
                    refusals.add(e.getCause().getMessage());
                }
            }
            assertThat(started).hasSize(max).doesNotHaveDuplicates();
            assertThat(refusals).hasSize(threads - max).allSatisfy(m -> assertThat(m)
                    .contains("0 jfr files are kept and 5 still recording").contains("MaxRetainedFiles is 5"));

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> profiler.listDumps().size() == max && workDirectories().isEmpty());
            assertThat(profiler.listDumps()).extracting(ExportedFile::name)
                    .containsExactlyInAnyOrderElementsOf(started);
            for (ExportedFile recording : profiler.listDumps()) {
                assertThat(recording.sizeBytes()).isPositive();
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(recording.path()))))
                        .isEqualTo("rw-------");
            }
            assertThatThrownBy(() -> profiler.recordFor(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("5 jfr files are kept in");
            assertThat(profiler.listDumps()).hasSize(max);
        } finally {
            pool.shutdownNow();
            profiler.close();
        }
    }

    @Test
    void closingPublishesTheRecordingsStillRunningAndTheyCountUntilThen() {
        Profiler profiler = new Profiler(ProfilerSettings.defaults().withOutputDirectory(out())
                .withMaxRetainedFiles(1), FIXED, () -> 0);
        ExportedFile running = profiler.recordFor(3600);
        assertThatThrownBy(() -> profiler.recordFor(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 still recording");
        profiler.close();
        assertThat(profiler.listDumps()).extracting(ExportedFile::name).containsExactly(running.name());
    }

    @Test
    void dumpIsRefusedWhenFreeDiskSpaceIsBelowTheHeap() {
        Profiler profiler = profiler(Long.MAX_VALUE / 2);
        assertThatThrownBy(() -> profiler.dumpHeap(true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not enough disk space for a heap dump");
        assertThat(profiler.listDumps()).isEmpty();
    }

    @Test
    void aSecondDumpWhileOneRunsIsRefused() throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Profiler profiler = new Profiler(ProfilerSettings.defaults().withOutputDirectory(out()), FIXED, () -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        });
        java.util.concurrent.ExecutorService first = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<ExportedFile> running = first.submit(() -> profiler.dumpHeap(true));
            assertThat(inside.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> profiler.dumpHeap(true))
                    .isInstanceOf(java.util.concurrent.RejectedExecutionException.class)
                    .hasMessageContaining("another heap dump is in progress");
            release.countDown();
            assertThat(running.get(60, java.util.concurrent.TimeUnit.SECONDS).complete()).isTrue();
            assertThat(profiler.listDumps()).hasSize(1);
        } finally {
            release.countDown();
            first.shutdownNow();
        }
    }

    @Test
    void outputDirectoryThatIsASymlinkOrWritableByOthersIsRefused() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        Profiler viaLink = new Profiler(ProfilerSettings.defaults().withOutputDirectory(link));
        assertThatThrownBy(viaLink::listDumps).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must not be a symbolic link");

        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Profiler shared = new Profiler(ProfilerSettings.defaults().withOutputDirectory(open));
        assertThatThrownBy(() -> shared.dumpHeap(true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("writable by its owner only");
        try (Stream<Path> files = Files.list(open)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void nothingIsWrittenUntilAFileIsAskedFor() {
        Profiler profiler = profiler(0);
        profiler.getOutputDirectory();
        profiler.getThreadAllocations();
        assertThat(Files.exists(out())).isFalse();
    }

    private List<Path> workDirectories() throws IOException {
        try (Stream<Path> files = Files.list(out())) {
            return files.filter(p -> p.getFileName().toString().startsWith(".work-")).toList();
        }
    }
}
