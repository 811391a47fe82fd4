package io.memorymanager.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * What the files the agent is told to trust must not allow: a secret (password file, keystore password) readable
 * or writable by others than its owner, or a file that decides access (policy, access file, keystore) writable by
 * others. On a file system without POSIX permissions there is nothing to check.
 */
final class FileChecks {

    private FileChecks() {
    }

    /** Refuses {@code file} (named by {@code option}) unless only its owner may read and write it. */
    static void ownerOnly(String option, Path file) {
        Set<PosixFilePermission> perms = permissions(option, file);
        if (perms != null && (perms.contains(PosixFilePermission.GROUP_READ)
                || perms.contains(PosixFilePermission.OTHERS_READ) || writableByOthers(perms))) {
            throw new IllegalArgumentException(option + " " + file + " must be readable by its owner only (chmod 600)");
        }
    }

    /** Refuses {@code file} (named by {@code option}) when its group or others may write it. */
    static void notWritableByOthers(String option, Path file) {
        Set<PosixFilePermission> perms = permissions(option, file);
        if (perms != null && writableByOthers(perms)) {
            throw new IllegalArgumentException(option + " " + file + " must not be writable by others than its owner "
                    + "(chmod go-w)");
        }
    }

    private static boolean writableByOthers(Set<PosixFilePermission> perms) {
        return perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
    }

    private static Set<PosixFilePermission> permissions(String option, Path file) {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " is missing or unreadable: " + file, e);
        }
    }
}
