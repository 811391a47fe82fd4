package io.memorymanager.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.rmi.NoSuchObjectException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;
import javax.net.ssl.SSLContext;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * The optional remote JMX (RMI) connector for JConsole and VisualVM: registry and connector on one port, bound to
 * the configured address only; optional TLS for both. Like the JDK's jmxremote, authentication is on unless turned
 * off explicitly (and it can be turned off on loopback only): user {@value AccessToken#USER} with the access token
 * (read-write), and the users of the JDK's password and access files (read-only or read-write); only strings are
 * accepted as credentials and a serialization filter guards everything else clients send. Whatever the role, every
 * call passes {@link JmxGuard}: MBeans outside {@code io.memorymanager} (the platform's included) are read-only,
 * heavy operations share their budget with Jolokia, nobody creates or unregisters MBeans or reaches the MBeans the
 * Jolokia policy denies, and {@link #SECRET_ATTRIBUTES} cannot be read.
 */
public final class JmxConnector implements AutoCloseable {

    /** Only strings (user and password) may be deserialised as credentials. */
    static final String CREDENTIALS_FILTER = "java.lang.String;!*";
    /** What JMX clients legitimately send; everything else is refused before it is deserialised. */
    static final String SERIAL_FILTER = "maxdepth=20;maxrefs=100000;maxbytes=10000000;maxarray=100000;"
            + "java.lang.*;java.math.*;java.util.*;javax.management.**;java.rmi.MarshalledObject;"
            + "javax.security.auth.Subject;!*";
    /**
     * Attributes nobody may read remotely, whatever the role, because they often carry passwords and keys
     * ({@code -Dpassword=...}, agent arguments) or map the host's file system: ObjectName (a pattern, as
     * {@link ObjectName#apply} takes it) to attribute names. Refused by {@code getAttribute}, left out of what
     * {@code getAttributes} returns; MBean queries and {@code getMBeanInfo} still show that they exist. Meant for
     * every remote protocol (Jolokia too): look names up with {@link #secretAttributes(ObjectName)}.
     */
    static final Map<String, Set<String>> SECRET_ATTRIBUTES = Map.of(ManagementFactory.RUNTIME_MXBEAN_NAME,
            Set.of("SystemProperties", "InputArguments", "ClassPath", "BootClassPath", "LibraryPath"));
    private static final Map<ObjectName, Set<String>> SECRETS_BY_NAME = secretsByName();

    /**
     * What {@link #start} needs; make one with {@link #builder}.
     *
     * @param host the address to bind, loopback unless the operator says otherwise
     * @param port 0 for a free port
     * @param passwordFile the JDK's JMX password file ({@code user password} or the JDK's hashed lines), or null
     * @param accessFile the JDK's JMX access file ({@code user readonly|readwrite}), given with a password file
     * @param token the access token, accepted as the password of user {@value AccessToken#USER}, or null
     * @param authenticate false only when the operator turned authentication off explicitly (loopback only); then
     *     the token and the files are ignored and every local client may connect, read-write
     * @param tls null for plain RMI
     * @param heavy the heavy-operation budget, the instance Jolokia uses
     */
    public record Settings(String host, int port, Path passwordFile, Path accessFile, AccessToken token,
            boolean authenticate, SSLContext tls, HeavyOperations heavy) {

        /** @throws IllegalArgumentException for a bad port, one file without the other, or no way to log in */
        public Settings {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("jmx host must be given, was '" + host + "'");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("jmxPort must be between 0 and 65535, was " + port);
            }
            if ((passwordFile == null) != (accessFile == null)) {
                throw new IllegalArgumentException("jmxPasswordFile and jmxAccessFile go together");
            }
            if (authenticate && token == null && passwordFile == null) {
                throw new IllegalArgumentException("the JMX connector authenticates its clients: it needs the access "
                        + "token or jmxPasswordFile and jmxAccessFile (or authentication turned off, on loopback "
                        + "only)");
            }
            Objects.requireNonNull(heavy, "heavy (the heavy-operation budget shared with Jolokia)");
        }

        /** Settings for {@code host:port}: authentication on, no credentials yet, plain RMI. */
        public static Builder builder(String host, int port) {
            return new Builder(host, port);
        }
    }

    /** Builds {@link Settings}; only host and port are given up front. */
    public static final class Builder {
        private final String host;
        private final int port;
        private Path passwordFile;
        private Path accessFile;
        private AccessToken token;
        private boolean authenticate = true;
        private SSLContext tls;
        private HeavyOperations heavy;

        private Builder(String host, int port) {
            this.host = host;
            this.port = port;
        }

        /** The JDK's password and access files, both or neither (null). */
        public Builder passwordFiles(Path passwordFile, Path accessFile) {
            this.passwordFile = passwordFile;
            this.accessFile = accessFile;
            return this;
        }

        /** The access token, or null. */
        public Builder token(AccessToken token) {
            this.token = token;
            return this;
        }

        /** False only when the operator turned authentication off explicitly; true by default. */
        public Builder authenticate(boolean authenticate) {
            this.authenticate = authenticate;
            return this;
        }

        /** TLS for the registry and the connector, or null (the default) for plain RMI. */
        public Builder tls(SSLContext tls) {
            this.tls = tls;
            return this;
        }

        /** The heavy-operation budget shared with Jolokia; required. */
        Builder heavyOperations(HeavyOperations heavy) {
            this.heavy = heavy;
            return this;
        }

        public Settings build() {
            return new Settings(host, port, passwordFile, accessFile, token, authenticate, tls, heavy);
        }
    }

    private final JMXConnectorServer server;
    private final Registry registry;
    private final String url;

    private JmxConnector(JMXConnectorServer server, Registry registry, String url) {
        this.server = server;
        this.registry = registry;
        this.url = url;
    }

    /** Where the connector answers, e.g. {@code service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi}. */
    public String url() {
        return url;
    }

    /**
     * Starts the connector.
     *
     * @throws IllegalArgumentException when authentication is off on a network address, or a file is bad
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static JmxConnector start(Settings settings) {
        String host = settings.host();
        int port = settings.port();
        SSLContext tls = settings.tls();
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (IOException e) {
            throw new IllegalArgumentException("jmx host cannot be resolved, was '" + host + "'", e);
        }
        if (!settings.authenticate() && !address.isLoopbackAddress()) {
            throw new IllegalArgumentException("JMX authentication can be turned off on a loopback address only, "
                    + "was host '" + host + "'");
        }
        // Read before anything listens: a bad file stops the start with its name and line.
        JmxAuthenticator authenticator = settings.authenticate()
                ? JmxAuthenticator.of(settings.token(), settings.passwordFile(), settings.accessFile()) : null;
        BoundServerSockets sockets = new BoundServerSockets(address, tls);
        RMIClientSocketFactory clients = tls == null ? null : new SslRMIClientSocketFactory();
        Map<String, Object> env = new HashMap<>();
        env.put(RMIConnectorServer.CREDENTIALS_FILTER_PATTERN, CREDENTIALS_FILTER);
        env.put("jmx.remote.rmi.server.serial.filter.pattern", SERIAL_FILTER);
        env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
        if (clients != null) {
            env.put(RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE, clients);
        }
        // Not the JDK's jmx.remote.x.password.file/access.file: its authenticator knows no token, and its access
        // controller would refuse the token user everything.
        if (authenticator != null) {
            env.put(JMXConnectorServer.AUTHENTICATOR, authenticator);
        }
        Registry registry = null;
        try {
            int bound = port != 0 ? port : freePort(address);
            registry = LocateRegistry.createRegistry(bound, clients, sockets);
            String hostPart = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                    : address.getHostAddress();
            // The connector is exported here and its stub put straight into the registry object: binding through
            // JNDI would make this JVM a client of its own (TLS) registry, needing to trust its own certificate.
            RMIJRMPServerImpl impl = new RMIJRMPServerImpl(bound, clients, sockets, env);
            JMXConnectorServer server = new RMIConnectorServer(new JMXServiceURL("rmi", hostPart, bound), env, impl,
                    ManagementFactory.getPlatformMBeanServer());
            // Set after start: whatever start() puts in front (the JDK's access controller, were it used), the
            // guard comes first.
            server.start();
            server.setMBeanServerForwarder(JmxGuard.forwarder(authenticator != null, settings.heavy()));
            registry.bind("jmxrmi", impl.toStub());
            JMXServiceURL serviceUrl = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + hostPart + ":" + bound
                    + "/jmxrmi");
            return new JmxConnector(server, registry, serviceUrl.toString());
        } catch (IOException | RuntimeException | java.rmi.AlreadyBoundException e) {
            unexport(registry);
            throw new UncheckedIOException("the JMX connector cannot listen on " + host + ":" + port + ": "
                    + e.getMessage(), e instanceof IOException io ? io : new IOException(e));
        }
    }

    // RMI shares one port between the registry and the connector only when both are exported on it by number.
    private static int freePort(InetAddress address) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, address)) {
            return probe.getLocalPort();
        }
    }

    /** The attributes of {@code name} in {@link #SECRET_ATTRIBUTES}: empty for most MBeans. */
    static Set<String> secretAttributes(ObjectName name) {
        Set<String> exact = SECRETS_BY_NAME.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<ObjectName, Set<String>> e : SECRETS_BY_NAME.entrySet()) {
            if (e.getKey().apply(name)) {
                return e.getValue();
            }
        }
        return Set.of();
    }

    private static Map<ObjectName, Set<String>> secretsByName() {
        Map<ObjectName, Set<String>> byName = new HashMap<>();
        SECRET_ATTRIBUTES.forEach((pattern, names) -> {
            try {
                byName.put(new ObjectName(pattern), names);
            } catch (MalformedObjectNameException e) {
                throw new IllegalStateException(e);
            }
        });
        return Map.copyOf(byName);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            // clients are gone either way
        }
        unexport(registry);
    }

    private static void unexport(Registry registry) {
        if (registry != null) {
            try {
                UnicastRemoteObject.unexportObject(registry, true);
            } catch (NoSuchObjectException e) {
                // already gone
            }
        }
    }

    /**
     * Server sockets on one address for the registry and the connector, TLS when given. One instance serves both
     * exports on the same explicit port, which is how RMI shares a port between them.
     */
    private static final class BoundServerSockets implements RMIServerSocketFactory {
        private final InetAddress address;
        private final SSLContext tls;

        BoundServerSockets(InetAddress address, SSLContext tls) {
            this.address = address;
            this.tls = tls;
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return tls == null ? new ServerSocket(port, 50, address)
                    : tls.getServerSocketFactory().createServerSocket(port, 50, address);
        }
    }
}
