package io.memorymanager.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The random per-process secret that lets a local operator act (exec, write) without a password file: 256 bits
 * from {@link SecureRandom}, written to a file only its owner can read, in the owner-only output directory. Who can
 * read the file is the same user as the JVM (or root); the attach CLI, the demo and the console read it there.
 * Clients send it as {@code Authorization: Bearer <token>}, or as the password of HTTP basic authentication with
 * the user name {@value #USER} (for clients such as Hawtio's connection dialog that only know basic), and over
 * remote JMX as the password of user {@value #USER}.
 */
public final class AccessToken {

    /** The user name that goes with the token where a client needs a user and a password. */
    public static final String USER = "token";
    /** The token file's name in the output directory. */
    public static final String FILE_NAME = "access.token";

    private final String value;
    private final byte[] bytes;
    private final Path file;

    private AccessToken(String value, Path file) {
        this.value = value;
        this.bytes = value.getBytes(StandardCharsets.US_ASCII);
        this.file = file;
    }

    /**
     * Generates a fresh token and writes it to {@link #FILE_NAME} in {@code directory} (which must exist and be
     * the process owner's), mode 0600, replacing a token file of an earlier run of this process.
     */
    static AccessToken create(Path directory) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path file = directory.resolve(FILE_NAME);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, value + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("cannot write the access token owner-only: this file system has no "
                    + "POSIX permissions (" + directory + "); set authFile instead", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the access token to " + file + ": " + e.getMessage(), e);
        }
        return new AccessToken(value, file);
    }

    /** A token known in advance (tests). */
    static AccessToken of(String value) {
        return new AccessToken(value, null);
    }

    /** Reads a token file written by {@link #create}: its first line. */
    public static String read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (text.isEmpty()) {
            throw new IOException("the token file " + file + " is empty");
        }
        return text;
    }

    /** Whether {@code candidate} is this token, in time that does not depend on where they differ. */
    boolean matches(String candidate) {
        return candidate != null
                && MessageDigest.isEqual(bytes, candidate.strip().getBytes(StandardCharsets.US_ASCII));
    }

    /** The token itself: only for a client in this JVM (the demo's console). */
    public String value() {
        return value;
    }

    /** Where the token was written, or null when it was given. */
    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "AccessToken[" + (file == null ? "given" : file) + "]";
    }
}
