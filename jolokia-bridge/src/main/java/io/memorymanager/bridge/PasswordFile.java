package io.memorymanager.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Users allowed on the Jolokia endpoint, with salted PBKDF2-SHA256 password hashes, one per line:
 * {@code user:pbkdf2-sha256:<iterations>:<salt, base64>:<hash, base64>}; blank lines and lines starting with
 * {@code #} are ignored. Make lines with {@code java -jar memory-manager-agent.jar hash-password <user>}. Like the
 * JDK's JMX password file, it must be readable by its owner only.
 */
final class PasswordFile {

    static final int ITERATIONS = 120_000;
    private static final String SCHEME = "pbkdf2-sha256";

    private record Entry(int iterations, byte[] salt, byte[] hash) {
    }

    private final Map<String, Entry> users;

    private PasswordFile(Map<String, Entry> users) {
        this.users = users;
    }

    /**
     * Reads {@code file}.
     *
     * @throws IllegalArgumentException naming the file and line at fault, or when others may read it
     */
    static PasswordFile load(Path file) {
        FileChecks.ownerOnly("authFile", file);
        Map<String, Entry> users = new HashMap<>();
        try {
            int n = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                n++;
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] f = l.split(":");
                if (f.length != 5 || !f[1].equals(SCHEME) || f[0].isEmpty()) {
                    throw new IllegalArgumentException("authFile " + file + " line " + n + " is not "
                            + "user:" + SCHEME + ":iterations:salt:hash (make one with hash-password)");
                }
                try {
                    users.put(f[0], new Entry(Integer.parseInt(f[2]), Base64.getDecoder().decode(f[3]),
                            Base64.getDecoder().decode(f[4])));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("authFile " + file + " line " + n + " has a bad number or "
                            + "base64 field");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("authFile is missing or unreadable: " + file);
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("authFile " + file + " names no user");
        }
        return new PasswordFile(Map.copyOf(users));
    }

    /** Whether {@code password} is {@code user}'s; as slow for an unknown user as for a known one. */
    boolean check(String user, String password) {
        Entry e = users.get(user);
        Entry against = e != null ? e : new Entry(ITERATIONS, new byte[16], new byte[32]);
        byte[] hash = pbkdf2(password, against.salt(), against.iterations());
        return MessageDigest.isEqual(hash, against.hash()) && e != null;
    }

    /** A line for the file: {@code user} with {@code password} under a fresh salt. */
    static String line(String user, String password) {
        if (user.isEmpty() || user.contains(":")) {
            throw new IllegalArgumentException("user must be non-empty and without ':', was '" + user + "'");
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return user + ":" + SCHEME + ":" + ITERATIONS + ":" + b64.encodeToString(salt) + ":"
                + b64.encodeToString(pbkdf2(password, salt, ITERATIONS));
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }
}
