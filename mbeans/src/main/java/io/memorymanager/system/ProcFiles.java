package io.memorymanager.system;

import java.io.IOException;
import java.io.FileInputStream;
import java.nio.file.Path;

/**
 * Reads small text files of {@code /proc} and {@code /sys} into one reused buffer and finds numbers in them without
 * making strings, so that reading them every second allocates next to nothing. One instance per reading thread (or
 * guarded by its caller): the buffer is shared between calls.
 */
final class ProcFiles {

    private static final int MAX = 1 << 16;

    private byte[] buf = new byte[8192];
    private int length;

    /** Reads {@code file} into the buffer (at most 64 KB); false when it cannot be read. */
    boolean read(Path file) {
        length = 0;
        // a FileInputStream costs three small objects, a FileChannel a dozen: this runs every second
        try (FileInputStream in = new FileInputStream(file.toString())) {
            for (;;) {
                if (length == buf.length) {
                    if (buf.length >= MAX) {
                        return true;
                    }
                    byte[] bigger = new byte[buf.length * 2];
                    System.arraycopy(buf, 0, bigger, 0, length);
                    buf = bigger;
                }
                int n = in.read(buf, length, buf.length - length);
                if (n < 0) {
                    return true;
                }
                length += n;
            }
        } catch (IOException | SecurityException e) {
            length = 0;
            return false;
        }
    }

    /** Whether the file read last has exactly the bytes of {@code other}. */
    boolean sameAs(byte[] other) {
        if (other.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buf[i] != other[i]) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of the file read last (none when it could not be read). */
    byte[] copy() {
        byte[] copy = new byte[length];
        System.arraycopy(buf, 0, copy, 0, length);
        return copy;
    }

    /**
     * The whole number after {@code key} where {@code key} starts a line ({@code MemTotal:} in
     * {@code MemTotal:   16318412 kB}, {@code inactive_file} in {@code inactive_file 1234}); -1 when absent.
     */
    long numberAfterLineStart(String key) {
        for (int line = 0; line < length; line = nextLine(line)) {
            if (startsWith(line, key) && line + key.length() < length && isBlank(buf[line + key.length()])) {
                return number(line + key.length());
            }
        }
        return -1;
    }

    /** The whole number the file starts with ({@code memory.current}); -1 when it starts with anything else. */
    long leadingNumber() {
        return number(0);
    }

    /** A cgroup limit file's value, as {@link ContainerMemory#parseLimit}: bytes, or -1 for none or not a number. */
    long limit() {
        long bytes = number(0);
        return bytes >= ContainerMemory.V1_UNLIMITED ? -1 : bytes;
    }

    /**
     * The decimal number after {@code token} on the line that starts with {@code lineKey} ({@code avg10=} on the
     * {@code some} line of {@code /proc/pressure/memory}); -1 when absent.
     */
    double decimalOnLine(String lineKey, String token) {
        for (int line = 0; line < length; line = nextLine(line)) {
            if (!startsWith(line, lineKey)) {
                continue;
            }
            int end = nextLine(line);
            for (int i = line; i + token.length() <= end; i++) {
                if (startsWith(i, token)) {
                    return decimal(i + token.length());
                }
            }
            return -1;
        }
        return -1;
    }

    private long number(int from) {
        int i = from;
        while (i < length && isBlank(buf[i])) {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < length && buf[i] >= '0' && buf[i] <= '9' && digits < 19) {
            value = value * 10 + (buf[i] - '0');
            i++;
            digits++;
        }
        return digits == 0 || (i < length && buf[i] >= '0' && buf[i] <= '9') ? -1 : value;
    }

    // A number such as 12.34, as /proc/pressure writes it.
    private double decimal(int from) {
        long whole = number(from);
        if (whole < 0) {
            return -1;
        }
        int i = from;
        while (i < length && buf[i] >= '0' && buf[i] <= '9') {
            i++;
        }
        double value = whole;
        if (i < length && buf[i] == '.') {
            double scale = 0.1;
            for (i++; i < length && buf[i] >= '0' && buf[i] <= '9'; i++, scale /= 10) {
                value += (buf[i] - '0') * scale;
            }
        }
        return value;
    }

    // Compares ASCII keys char by char: no byte array made per call on the sampling path.
    private boolean startsWith(int at, String key) {
        if (at + key.length() > length) {
            return false;
        }
        for (int j = 0; j < key.length(); j++) {
            if (buf[at + j] != key.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    private int nextLine(int from) {
        int i = from;
        while (i < length && buf[i] != '\n') {
            i++;
        }
        return i + 1;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == ':';
    }
}
