package io.memorymanager.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.MBeanServerForwarder;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;
import javax.net.ssl.SSLContext;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * The optional remote JMX (RMI) connector for JConsole and VisualVM: registry and connector on one port, bound to
 * the configured address only; the JDK's password and access files (read-only and read-write roles); only strings
 * accepted as credentials and a serialization filter on everything else clients send; optional TLS for both the
 * registry and the connector. Whatever the access file says, nobody can create or unregister MBeans, or touch
 * the MBeans the Jolokia policy denies (diagnostic commands, HotSpot diagnostics,
 * Flight Recorder, MLet, the MBeanServer delegate, logging configurators).
 */
public final class JmxConnector implements AutoCloseable {

    /** Only strings (user and password) may be deserialised as credentials. */
    static final String CREDENTIALS_FILTER = "java.lang.String;!*";
    /** What JMX clients legitimately send; everything else is refused before it is deserialised. */
    static final String SERIAL_FILTER = "maxdepth=20;maxrefs=100000;maxbytes=10000000;maxarray=100000;"
            + "java.lang.*;java.math.*;java.util.*;javax.management.**;java.rmi.MarshalledObject;"
            + "javax.security.auth.Subject;!*";
    // What a remote client can ask that no role may do. (Class loader and deserialize methods are not remote
    // operations; the connector itself uses getClassLoaderRepository.)
    private static final Set<String> REFUSED_ALWAYS = Set.of("createMBean", "unregisterMBean");
    private static final List<String> DENIED = List.of("com.sun.management:type=DiagnosticCommand",
            "com.sun.management:type=HotSpotDiagnostic", "jdk.management.jfr:*", "*:type=MLet,*", "JMImplementation:*",
            "java.util.logging:*", "org.apache.logging.log4j2:*", "ch.qos.logback.classic:*");

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
     * Starts the connector on {@code host:port} (0 picks a free port).
     *
     * @param passwordFile the JDK's JMX password file (user password, one per line; hashed in place by the JDK
     *     when writable), or null for no authentication, allowed on loopback only
     * @param accessFile the JDK's JMX access file (user readonly|readwrite), required with a password file
     * @param tls null for plain RMI
     * @throws IllegalArgumentException for a network bind without authentication
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static JmxConnector start(String host, int port, Path passwordFile, Path accessFile, SSLContext tls) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (IOException e) {
            throw new IllegalArgumentException("jmx host cannot be resolved, was '" + host + "'", e);
        }
        if (passwordFile == null && !address.isLoopbackAddress()) {
            throw new IllegalArgumentException("a JMX connector on a network address needs jmxPasswordFile and "
                    + "jmxAccessFile, was host '" + host + "'");
        }
        if ((passwordFile == null) != (accessFile == null)) {
            throw new IllegalArgumentException("jmxPasswordFile and jmxAccessFile go together");
        }
        BoundServerSockets sockets = new BoundServerSockets(address, tls);
        RMIClientSocketFactory clients = tls == null ? null : new SslRMIClientSocketFactory();
        Map<String, Object> env = new HashMap<>();
        env.put(RMIConnectorServer.CREDENTIALS_FILTER_PATTERN, CREDENTIALS_FILTER);
        env.put("jmx.remote.rmi.server.serial.filter.pattern", SERIAL_FILTER);
        env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
        if (clients != null) {
            env.put(RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE, clients);
        }
        if (passwordFile != null) {
            env.put("jmx.remote.x.password.file", passwordFile.toAbsolutePath().toString());
            env.put("jmx.remote.x.access.file", accessFile.toAbsolutePath().toString());
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
            server.start();
            // After start: the JDK puts the access file's controller in front of whatever was set before, and with
            // it in front our guard was skipped for creation. Set now, the guard comes first.
            server.setMBeanServerForwarder(guard());
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

    /** The forwarder every remote call passes through: refuses what no role may do. */
    static MBeanServerForwarder guard() {
        InvocationHandler handler = new InvocationHandler() {
            private MBeanServer next;

            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                String name = method.getName();
                if (name.equals("getMBeanServer")) {
                    return next;
                }
                if (name.equals("setMBeanServer")) {
                    next = Objects.requireNonNull((MBeanServer) args[0]);
                    return null;
                }
                if (REFUSED_ALWAYS.contains(name)) {
                    throw new SecurityException(name + " is not allowed through Memory Manager's JMX connector");
                }
                if (args != null && args.length > 0 && args[0] instanceof ObjectName target && denied(target)
                        && !name.equals("isRegistered")) {
                    throw new SecurityException("access to " + target + " is denied through Memory Manager's JMX "
                            + "connector");
                }
                try {
                    return method.invoke(next, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        };
        return (MBeanServerForwarder) Proxy.newProxyInstance(MBeanServerForwarder.class.getClassLoader(),
                new Class<?>[] {MBeanServerForwarder.class}, handler);
    }

    static boolean denied(ObjectName name) {
        for (String pattern : DENIED) {
            try {
                if (new ObjectName(pattern).apply(name)) {
                    return true;
                }
            } catch (javax.management.MalformedObjectNameException e) {
                throw new IllegalStateException(e);
            }
        }
        return false;
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
