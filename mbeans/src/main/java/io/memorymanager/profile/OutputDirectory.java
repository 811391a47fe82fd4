package io.memorymanager.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The one directory the profiler writes into. Names are generated here, never taken from callers; a name a caller
 * gives back (to delete a file) must be one this class could have generated and must be a regular file, not a
 * link. Files are written into a fresh owner-only temporary directory and published under their final name with a
 * hard link, which fails rather than replace or follow anything already there. The directory must belong to this
 * process's user and be writable by nobody else (a created one is 0700); every published file is 0600, because
 * dumps and recordings hold the heap, the environment and the system properties.
 */
final class OutputDirectory {

    /** The kinds of file written here: name prefix and extension. */
    enum Kind {
        HEAP_DUMP("heap", "hprof"),
        ALLOCATION_STACKS("allocations", "collapsed"),
        RECORDING("recording", "jfr");

        final String prefix;
        final String extension;

        Kind(String prefix, String extension) {
            this.prefix = prefix;
            this.extension = extension;
        }
    }

    static final int MAX_NAME_LENGTH = 80;
    private static final Pattern OUR_NAME = Pattern.compile(
            "(heap|allocations|recording)-\\d{8}-\\d{6}-\\d{3}-\\d{1,10}-\\d{1,9}\\.(hprof|collapsed|jfr)");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static volatile UserPrincipal processOwner;

    private final Path dir;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    private OutputDirectory(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /**
     * Opens (creating it, owner-only, if missing) the directory {@code configured}. Refuses a path that is a
     * symbolic link or not a directory, and a directory that another user owns or that its group or others may
     * write: files there could be read, replaced or removed by somebody else. Nothing is written when refused.
     */
    static OutputDirectory open(Path configured, Clock clock) {
        Path dir = configured.toAbsolutePath().normalize();
        try {
            if (Files.isSymbolicLink(dir)) {
                throw new IllegalArgumentException("output directory must not be a symbolic link: " + dir);
            }
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.getParent());
                try {
                    if (posix(dir.getParent())) {
                        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                    } else {
                        Files.createDirectory(dir);
                    }
                } catch (FileAlreadyExistsException e) {
                    // somebody made it between our look and our mkdir: checked below like any existing directory
                }
            }
            checkSafe(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("output directory cannot be used: " + dir + ": " + e.getMessage(), e);
        }
        return new OutputDirectory(dir, clock);
    }

    private static void checkSafe(Path dir) throws IOException {
        if (!posix(dir)) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("output directory is not a directory: " + dir);
            }
            return;
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
            throw new IllegalArgumentException("output directory must not be a symbolic link: " + dir);
        }
        if (!a.isDirectory()) {
            throw new IllegalArgumentException("output directory is not a directory: " + dir);
        }
        String mode = PosixFilePermissions.toString(a.permissions());
        UserPrincipal us = processOwner();
        if (!a.owner().equals(us)) {
            throw new IllegalArgumentException(String.format("output directory %s is owned by %s, not by %s "
                    + "(mode %s): remove it or set outputDir to a directory you own", dir, a.owner().getName(),
                    us.getName(), mode));
        }
        if (a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalArgumentException(String.format("output directory %s (owner %s, mode %s) must be "
                    + "writable by its owner only: chmod 700 it, remove it, or set outputDir to a directory only you "
                    + "can write", dir, a.owner().getName(), mode));
        }
    }

    /**
     * Who this process is, as the file system sees it: the owner of a file it has just created. Neither
     * {@code user.name} (settable on the command line; "?" under a uid without a passwd entry, as in many
     * containers) nor a name lookup can be wrong about that. Found once; a JVM does not change its user.
     */
    private static UserPrincipal processOwner() throws IOException {
        UserPrincipal owner = processOwner;
        if (owner == null) {
            Path probe = Files.createTempFile("memory-manager-owner-", ".probe");
            try {
                owner = Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS);
            } finally {
                Files.deleteIfExists(probe);
            }
            processOwner = owner;
        }
        return owner;
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    Path path() {
        return dir;
    }

    /** A new name of {@code kind}, never used before by this process. */
    String newName(Kind kind) {
        return kind.prefix + "-" + STAMP.format(clock.instant()) + "-" + ProcessHandle.current().pid() + "-"
                + sequence.incrementAndGet() + "." + kind.extension;
    }

    /** A fresh owner-only directory inside ours for one file being written; delete it with {@link #cleanUp}. */
    Path newWorkDirectory() throws IOException {
        return ownerOnlyDirectory(dir.resolve(".work-" + UUID.randomUUID()));
    }

    /**
     * The owner-only directory {@code name} inside ours (for JFR's disk repository), created if missing; an
     * existing one must be a real directory and is made owner-only again.
     */
    Path subdirectory(String name) throws IOException {
        Path sub = dir.resolve(name);
        if (!sub.getParent().equals(dir)) {
            throw new IllegalArgumentException("not a subdirectory name: '" + printable(name) + "'");
        }
        if (!Files.exists(sub, LinkOption.NOFOLLOW_LINKS)) {
            return ownerOnlyDirectory(sub);
        }
        if (!Files.isDirectory(sub, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("not a directory (or a link): " + sub);
        }
        if (posix(sub)) {
            Files.setPosixFilePermissions(sub, OWNER_ONLY);
        }
        return sub;
    }

    private static Path ownerOnlyDirectory(Path d) throws IOException {
        if (posix(d.getParent())) {
            return Files.createDirectory(d, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        return Files.createDirectory(d);
    }

    /**
     * Publishes {@code written} (in a work directory) as {@code name}: made owner read-write only (0600, whatever
     * the umask and whoever wrote it: the JVM's heap dumper, JFR or us), then a hard link, which fails if anything,
     * link or file, already has that name; then the work directory goes.
     *
     * @throws FileAlreadyExistsException when the name is taken; nothing is overwritten or followed
     */
    Path publish(Path written, String name) throws IOException {
        Path target = dir.resolve(name);
        try {
            if (!Files.isRegularFile(written, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("not a regular file: " + written);
            }
            // before it has its public name: the link shares the mode, so it is never visible with more
            if (posix(written)) {
                Files.setPosixFilePermissions(written, OWNER_READ_WRITE);
            }
            Files.createLink(target, written);
        } catch (UnsupportedOperationException e) {
            Files.move(written, target);
        } finally {
            cleanUp(written.getParent());
        }
        return target;
    }

    /** Deletes a work directory and what is in it; never follows links. */
    void cleanUp(Path work) {
        if (work == null || !work.getParent().equals(dir) || !work.getFileName().toString().startsWith(".work-")) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(work)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(work);
        } catch (IOException e) {
            // a leftover work directory is harmless and inside our directory
        }
    }

    /**
     * The file {@code name} in this directory, if {@code name} is one of ours and names a regular file.
     *
     * @throws IllegalArgumentException otherwise, saying why
     */
    Path existing(String name) {
        check(name);
        Path file = dir.resolve(name);
        if (!file.getParent().equals(dir)) {
            throw new IllegalArgumentException("not a file of the profiler: '" + name + "'");
        }
        if (Files.isSymbolicLink(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("no such profiler file (or not a regular file): '" + name + "'");
        }
        return file;
    }

    /** Refuses anything but a name this class generates. */
    static void check(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (!OUR_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a file name the profiler generates: '" + printable(name) + "'");
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : c);
        }
        return b.toString();
    }

    /** Our files of {@code kind} (or all kinds when null), oldest first; links and foreign files are ignored. */
    List<ExportedFile> list(Kind kind) {
        List<ExportedFile> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (!OUR_NAME.matcher(name).matches() || (kind != null && !name.startsWith(kind.prefix + "-"))) {
                    continue;
                }
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile()) {
                    files.add(new ExportedFile(name, p.toString(), a.size(), a.lastModifiedTime().toMillis(), -1,
                            true));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparingLong(ExportedFile::createdMillis).thenComparing(ExportedFile::name));
        return files;
    }

    /** Free space for a new file, in bytes. */
    long usableBytes() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }
}
