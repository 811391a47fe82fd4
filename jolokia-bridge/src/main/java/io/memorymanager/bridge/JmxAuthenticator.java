package io.memorymanager.bridge;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;

/**
 * Who may connect to the remote JMX connector, and with which role: user {@value AccessToken#USER} with the access
 * token (read-write), and the users of the JDK's JMX password file with the role the JDK's access file gives them.
 * The JDK's own file authenticator cannot be combined with a second kind of credential (it is created inside the
 * connector only when no authenticator is set, from a non-exported package), so the two files are read here, in
 * the JDK's formats: the password file's {@code user password} lines and the {@code user salt hash [algorithm]}
 * lines the JDK writes when it hashes the file in place (SHA3-512 over salt then password, both base64); the access
 * file's {@code user readonly|readwrite [create ...] [unregister]} (creation and unregistration are refused to
 * everybody anyway). A user the access file gives no role cannot log in. Both files are read once, at start.
 * Unlike the JDK, clear passwords are not rewritten as hashes.
 */
final class JmxAuthenticator implements JMXAuthenticator {

    /** What a connected client may do; only this class makes them, and they cannot be sent over the wire. */
    static final class Role implements Principal {
        static final Role READ_ONLY = new Role("readonly");
        static final Role READ_WRITE = new Role("readwrite");

        private final String name;

        private Role(String name) {
            this.name = name;
        }

        boolean mayWrite() {
            return this == READ_WRITE;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String toString() {
            return "Role[" + name + "]";
        }
    }

    private record User(String algorithm, byte[] salt, byte[] hash, byte[] clear, Role role) {
    }

    private static final String FAILED = "authentication failed";
    private static final String DEFAULT_ALGORITHM = "SHA3-512";
    // Compared against when the user is unknown, so that an unknown user costs as much as a wrong password.
    private static final User NOBODY = new User(DEFAULT_ALGORITHM, new byte[64], new byte[64], null, null);

    private final AccessToken token;
    private final Map<String, User> users;

    private JmxAuthenticator(AccessToken token, Map<String, User> users) {
        this.token = token;
        this.users = users;
    }

    /**
     * An authenticator for {@code token} (may be null) and the users of the two files (both null, or both given).
     *
     * @throws IllegalArgumentException naming the file and line at fault, or when others may read the password file
     */
    static JmxAuthenticator of(AccessToken token, Path passwordFile, Path accessFile) {
        if (passwordFile == null) {
            return new JmxAuthenticator(token, Map.of());
        }
        Map<String, Role> roles = roles(accessFile);
        Map<String, User> users = new HashMap<>();
        List<String> lines = passwords(passwordFile);
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            // As the JDK's HashedPasswordManager: 2 fields are a clear password, 3 or 4 a salted hash.
            String[] f = line.split("\\s+");
            if (f.length < 2 || f.length > 4) {
                throw new IllegalArgumentException("jmxPasswordFile " + passwordFile + " line " + n + " is not "
                        + "'user password' or 'user salt hash [algorithm]'");
            }
            Role role = roles.get(f[0]);
            if (role == null) {
                // The JDK's access controller lets such a user connect and then refuses it everything.
                continue;
            }
            users.put(f[0], f.length == 2 ? new User(null, null, null, f[1].getBytes(StandardCharsets.UTF_8), role)
                    : hashed(f, role, passwordFile, n));
        }
        return new JmxAuthenticator(token, Map.copyOf(users));
    }

    private static User hashed(String[] f, Role role, Path file, int n) {
        String algorithm = f.length == 4 ? f[3] : DEFAULT_ALGORITHM;
        try {
            MessageDigest.getInstance(algorithm);
            return new User(algorithm, Base64.getDecoder().decode(f[1]), Base64.getDecoder().decode(f[2]), null, role);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("jmxPasswordFile " + file + " line " + n + " has a bad base64 field "
                    + "or an unknown hash algorithm '" + algorithm + "'");
        }
    }

    private static List<String> passwords(Path file) {
        // The JDK's jmxremote refuses to start with such a file too.
        FileChecks.ownerOnly("jmxPasswordFile", file);
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("jmxPasswordFile is missing or unreadable: " + file);
        }
    }

    // The JDK reads the access file as a properties file: user = access [create ...] [unregister].
    private static Map<String, Role> roles(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("jmxAccessFile is missing or unreadable: " + file);
        }
        Map<String, Role> roles = new HashMap<>();
        for (String user : p.stringPropertyNames()) {
            String access = p.getProperty(user).strip().split("\\s+")[0];
            switch (access) {
                case "readonly" -> roles.put(user, Role.READ_ONLY);
                case "readwrite" -> roles.put(user, Role.READ_WRITE);
                default -> throw new IllegalArgumentException("jmxAccessFile " + file + " gives user '" + user
                        + "' access '" + access + "', expected readonly or readwrite");
            }
        }
        return roles;
    }

    /**
     * Checks a client's credentials: a {@code String[] {user, password}}, nothing else.
     *
     * @return a read-only subject with the user's {@link JMXPrincipal} and {@link Role}
     * @throws SecurityException "authentication failed", whatever was wrong
     */
    @Override
    public Subject authenticate(Object credentials) {
        if (!(credentials instanceof String[] pair) || pair.length != 2 || pair[0] == null || pair[1] == null) {
            throw new SecurityException(FAILED);
        }
        String user = pair[0];
        Role role;
        if (token != null && user.equals(AccessToken.USER)) {
            role = token.matches(pair[1]) ? Role.READ_WRITE : null;
        } else {
            role = check(users.get(user), pair[1]);
        }
        if (role == null) {
            throw new SecurityException(FAILED);
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new JMXPrincipal(user));
        subject.getPrincipals().add(role);
        subject.setReadOnly();
        return subject;
    }

    private static Role check(User user, String password) {
        User against = user != null ? user : NOBODY;
        byte[] given = password.getBytes(StandardCharsets.UTF_8);
        boolean equal;
        if (against.clear() != null) {
            equal = MessageDigest.isEqual(against.clear(), given);
        } else {
            try {
                MessageDigest digest = MessageDigest.getInstance(against.algorithm());
                digest.update(against.salt());
                equal = MessageDigest.isEqual(digest.digest(given), against.hash());
            } catch (GeneralSecurityException e) {
                equal = false; // checked at load
            }
        }
        return equal && user != null ? user.role() : null;
    }

    /** The role of the client whose call is running, or null when it has none. */
    static Role roleOf(Subject subject) {
        if (subject == null) {
            return null;
        }
        Set<Role> roles = subject.getPrincipals(Role.class);
        if (roles.contains(Role.READ_WRITE)) {
            return Role.READ_WRITE;
        }
        return roles.contains(Role.READ_ONLY) ? Role.READ_ONLY : null;
    }
}
