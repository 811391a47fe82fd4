package io.memorymanager.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The output directory holds heap dumps and recordings (environment, system properties): it must be ours and
 * writable by us only, and what we write there is readable by us only.
 */
class OutputDirectoryTest {

    @TempDir
    Path tmp;

    private static Profiler profiler(Path dir) {
        return new Profiler(ProfilerSettings.defaults().withOutputDirectory(dir), Clock.systemUTC(), () -> 0);
    }

    /** Every operation that needs the directory, each refused the same way. */
    private static final List<Consumer<Profiler>> NEEDING_THE_DIRECTORY = List.of(
            p -> p.dumpHeap(true), p -> p.recordFor(1), Profiler::exportAllocationStacks,
            Profiler::startAllocationProfiling, Profiler::listDumps);

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<Path> contents(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void aDirectoryOwnedByAnotherUserIsRefusedByEveryOperationAndNothingIsWrittenThere() throws IOException {
        Path theirs = Files.createDirectory(tmp.resolve("memory-manager-123"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwx------"));
        UserPrincipal us = Files.getOwner(theirs);
        UserPrincipal nobody;
        try {
            nobody = theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        } catch (UserPrincipalNotFoundException e) {
            abort("no user 'nobody' on this machine to own the directory");
            return;
        }
        try {
            Files.setOwner(theirs, nobody);
        } catch (FileSystemException e) {
            abort("only root can give a directory to another user: " + e.getMessage());
        }

        try (Profiler profiler = profiler(theirs)) {
            for (Consumer<Profiler> operation : NEEDING_THE_DIRECTORY) {
                assertThatThrownBy(() -> operation.accept(profiler)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("output directory " + theirs + " is owned by nobody, not by "
                                + us.getName() + " (mode rwx------)")
                        .hasMessageContaining("remove it or set outputDir to a directory you own");
            }
            assertThat(profiler.isAllocationProfilingEnabled()).isFalse();
        }
        assertThat(contents(theirs)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rwxrwx---", "rwx-w----", "rwx---rwx", "rwx----w-", "rwxrwxrwx"})
    void aDirectoryTheGroupOrOthersMayWriteIsRefusedByEveryOperation(String perms) throws IOException {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString(perms));
        try (Profiler profiler = profiler(shared)) {
            for (Consumer<Profiler> operation : NEEDING_THE_DIRECTORY) {
                assertThatThrownBy(() -> operation.accept(profiler)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("output directory " + shared + " (owner ")
                        .hasMessageContaining("mode " + perms + ") must be writable by its owner only")
                        .hasMessageContaining("chmod 700");
            }
        }
        assertThat(contents(shared)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rwx------", "rwxr-xr-x"})
    void anExistingDirectoryOfOursThatOnlyWeMayWriteIsUsedAsItIs(String perms) throws IOException {
        Path ours = Files.createDirectory(tmp.resolve("ours"));
        Files.setPosixFilePermissions(ours, PosixFilePermissions.fromString(perms));
        try (Profiler profiler = profiler(ours)) {
            assertThat(profiler.listDumps()).isEmpty();
        }
        assertThat(mode(ours)).isEqualTo(perms);
    }

    @Test
    void theDefaultDirectoryIsCreatedOwnerOnlyWhateverTheUmask() throws IOException {
        assertThat(ProfilerSettings.defaults().outputDirectory()).isEqualTo(
                Path.of(System.getProperty("java.io.tmpdir"), "memory-manager-" + ProcessHandle.current().pid()));
        Path missing = tmp.resolve("memory-manager-" + ProcessHandle.current().pid());
        try (Profiler profiler = profiler(missing)) {
            profiler.listDumps();
        }
        assertThat(mode(missing)).isEqualTo("rwx------");
    }

    @Test
    void filesWeWriteAreReadableAndWritableByUsOnly() throws IOException {
        Path out = tmp.resolve("out");
        try (Profiler profiler = profiler(out)) {
            profiler.sampler().recordForTest(List.of("com.example.App.run:12"), "byte[]", 1024);
            ExportedFile stacks = profiler.exportAllocationStacks();
            ExportedFile dump = profiler.dumpHeap(true);
            assertThat(mode(Path.of(stacks.path()))).isEqualTo("rw-------");
            assertThat(mode(Path.of(dump.path()))).isEqualTo("rw-------");
        }
    }
}
