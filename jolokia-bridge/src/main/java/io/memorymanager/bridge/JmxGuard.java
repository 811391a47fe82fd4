package io.memorymanager.bridge;

import io.memorymanager.bridge.JmxAuthenticator.Role;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.rmi.server.RemoteServer;
import java.rmi.server.ServerNotActiveException;
import java.security.AccessController;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.MBeanServerForwarder;
import javax.security.auth.Subject;

/**
 * The forwarder every remote JMX call passes through, whatever the caller's role:
 * <ul>
 *   <li>nobody creates or unregisters MBeans, or reaches the MBeans the Jolokia policy denies (diagnostic commands,
 *   HotSpot diagnostics, Flight Recorder, MLet, the MBeanServer delegate but for listening to it, logging
 *   configurators);</li>
 *   <li>only the read-write role sets attributes or invokes operations, and only on MBeans of the
 *   {@value #OUR_DOMAIN} domain, plus the thread-reading operations of {@code java.lang:type=Threading} that
 *   JConsole's thread tab needs ({@code get*}, {@code find*}, {@code dump*}): every other MBean, the platform's
 *   ({@code gc()}, {@code Verbose}) and the host application's alike, is read-only;</li>
 *   <li>heavy operations ({@link HeavyOperations#isHeavy}) take from the budget they share with Jolokia;</li>
 *   <li>the attributes of {@link JmxConnector#SECRET_ATTRIBUTES} cannot be read (and are left out of
 *   {@code getAttributes}).</li>
 * </ul>
 * Refusals are {@link SecurityException}s with a message that says what was refused, which JConsole shows as is.
 */
final class JmxGuard implements InvocationHandler {

    static final String OUR_DOMAIN = "io.memorymanager";
    private static final String VIA = " through Memory Manager's JMX connector";
    // What a remote client can ask that no role may do. (Class loader and deserialize methods are not remote
    // operations; the connector itself uses getClassLoaderRepository.)
    private static final Set<String> REFUSED_ALWAYS = Set.of("createMBean", "unregisterMBean");
    private static final List<ObjectName> DENIED = names("com.sun.management:type=DiagnosticCommand",
            "com.sun.management:type=HotSpotDiagnostic", "jdk.management.jfr:*", "*:type=MLet,*", "JMImplementation:*",
            "java.util.logging:*", "org.apache.logging.log4j2:*", "ch.qos.logback.classic:*");
    // Notifications of every MBean reach remote clients through a listener the connector itself puts on the
    // delegate, through this forwarder; JConsole also listens there for MBeans coming and going (what queryNames
    // tells anyway). Those calls pass (getClassLoaderFor: the connector's, to unmarshal a filter); the delegate's
    // attributes (the host name in MBeanServerId) stay denied.
    private static final Set<String> DELEGATE_LISTENING = Set.of("addNotificationListener",
            "removeNotificationListener", "isInstanceOf", "isRegistered", "getClassLoaderFor");
    private static final ObjectName THREADING = names(ManagementFactory.THREAD_MXBEAN_NAME).get(0);
    private static final List<String> THREAD_READS = List.of("get", "find", "dump");
    // Subject.current() is Java 18+; where it exists it is the way (on 23+ the older one throws).
    private static final MethodHandle CURRENT_SUBJECT = currentSubjectHandle();

    private final boolean authenticated;
    private final HeavyOperations heavy;
    private MBeanServer next;

    private JmxGuard(boolean authenticated, HeavyOperations heavy) {
        this.authenticated = authenticated;
        this.heavy = heavy;
    }

    /**
     * The forwarder.
     *
     * @param authenticated whether callers carry a {@link Role}: when false (no authentication, loopback only),
     *     every caller acts as read-write
     */
    static MBeanServerForwarder forwarder(boolean authenticated, HeavyOperations heavy) {
        return (MBeanServerForwarder) Proxy.newProxyInstance(MBeanServerForwarder.class.getClassLoader(),
                new Class<?>[] {MBeanServerForwarder.class},
                new JmxGuard(authenticated, Objects.requireNonNull(heavy, "heavy")));
    }

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
            throw new SecurityException(name + " is not allowed" + VIA);
        }
        ObjectName target = args != null && args.length > 0 && args[0] instanceof ObjectName o ? o : null;
        if (target != null && denied(target) && !name.equals("isRegistered")
                && !(target.equals(MBeanServerDelegate.DELEGATE_NAME) && DELEGATE_LISTENING.contains(name))) {
            throw new SecurityException("access to " + target + " is denied" + VIA);
        }
        Object[] forwarded = args;
        switch (name) {
            case "setAttribute", "setAttributes" -> mayAct(target, null);
            case "invoke" -> {
                String operation = (String) args[1];
                mayAct(target, operation);
                admitIfHeavy(operation);
            }
            case "getAttribute" -> {
                if (target != null && JmxConnector.secretAttributes(target).contains((String) args[1])) {
                    throw new SecurityException("the attribute " + args[1] + " of " + target + " is not readable"
                            + VIA + " (it may hold secrets)");
                }
            }
            case "getAttributes" -> forwarded = withoutSecrets(target, args);
            default -> {
                // reads, queries and listeners pass
            }
        }
        try {
            return method.invoke(next, forwarded);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Refuses unless the caller may set attributes of ({@code operation} null) or invoke operation on target. */
    private void mayAct(ObjectName target, String operation) {
        String what = (operation == null ? "setting attributes of " : "the operation " + operation + " of ") + target;
        // Checked on calls from clients only: the connector's own calls (its notification buffer's) carry no subject.
        Role role = authenticated ? JmxAuthenticator.roleOf(currentSubject()) : Role.READ_WRITE;
        if (role == null || !role.mayWrite()) {
            throw new SecurityException("access denied: " + what + " needs the readwrite role");
        }
        boolean allowed = target != null && (target.getDomain().equals(OUR_DOMAIN) || operation != null
                && target.equals(THREADING) && THREAD_READS.stream().anyMatch(operation::startsWith));
        if (!allowed) {
            throw new SecurityException(what + " is not allowed" + VIA + ": MBeans outside " + OUR_DOMAIN
                    + " are read-only");
        }
    }

    private void admitIfHeavy(String operation) {
        if (HeavyOperations.isHeavy(operation)) {
            String refusal = heavy.admit(clientAddress());
            if (refusal != null) {
                throw new SecurityException(refusal);
            }
        }
    }

    private static Object[] withoutSecrets(ObjectName target, Object[] args) {
        Set<String> secret = target == null ? Set.of() : JmxConnector.secretAttributes(target);
        if (secret.isEmpty() || !(args[1] instanceof String[] names)) {
            return args;
        }
        Object[] filtered = args.clone();
        filtered[1] = Arrays.stream(names).filter(n -> !secret.contains(n)).toArray(String[]::new);
        return filtered;
    }

    /** The calling client's address, or null off an RMI call (then only the budget of all clients applies). */
    private static InetAddress clientAddress() {
        try {
            // an address literal: no name lookup
            return InetAddress.getByName(RemoteServer.getClientHost());
        } catch (ServerNotActiveException | UnknownHostException e) {
            return null;
        }
    }

    static boolean denied(ObjectName name) {
        return DENIED.stream().anyMatch(pattern -> pattern.apply(name));
    }

    private static Subject currentSubject() {
        if (CURRENT_SUBJECT != null) {
            try {
                return (Subject) CURRENT_SUBJECT.invokeExact();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
        return subjectOfContext();
    }

    // Java 17's only way to the subject the connector runs a call as; deprecated (JEP 411) with no replacement
    // before Java 18, where currentSubject() takes Subject.current() instead.
    @SuppressWarnings("removal")
    private static Subject subjectOfContext() {
        return Subject.getSubject(AccessController.getContext());
    }

    private static MethodHandle currentSubjectHandle() {
        try {
            return MethodHandles.publicLookup().findStatic(Subject.class, "current",
                    MethodType.methodType(Subject.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    private static List<ObjectName> names(String... patterns) {
        try {
            ObjectName[] names = new ObjectName[patterns.length];
            for (int i = 0; i < patterns.length; i++) {
                names[i] = new ObjectName(patterns[i]);
            }
            return List.of(names);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
