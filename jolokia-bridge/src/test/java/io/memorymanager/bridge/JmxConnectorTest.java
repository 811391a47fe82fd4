package io.memorymanager.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.memorymanager.MemoryManager;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote JMX connector over real RMI: authentication, roles, read-only platform MBeans, secrets, budgets. */
class JmxConnectorTest {

    private static final ObjectName PROBE = name("io.memorymanager:type=JmxTestProbe");
    private static final ObjectName MEMORY = name(ManagementFactory.MEMORY_MXBEAN_NAME);
    private static final ObjectName THREADING = name(ManagementFactory.THREAD_MXBEAN_NAME);
    private static final ObjectName RUNTIME = name(ManagementFactory.RUNTIME_MXBEAN_NAME);
    private static final String TOKEN = "t0k3n-for-tests-only";

    private static MemoryManager installed;
    private static final Probe probe = new Probe();

    static final class Probe implements JmxTestProbeMXBean {
        final AtomicInteger calls = new AtomicInteger();
        volatile int level;

        @Override
        public int getCalls() {
            return calls.get();
        }

        @Override
        public int getLevel() {
            return level;
        }

        @Override
        public void setLevel(int level) {
            this.level = level;
        }

        @Override
        public int ping() {
            return calls.incrementAndGet();
        }

        @Override
        public int forceGc() {
            return calls.incrementAndGet();
        }
    }

    @BeforeAll
    static void install() throws Exception {
        installed = MemoryManager.install();
        ManagementFactory.getPlatformMBeanServer().registerMBean(probe, PROBE);
    }

    @AfterAll
    static void uninstall() throws Exception {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(PROBE);
        installed.close();
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JmxConnector.Builder loopback() {
        return JmxConnector.Settings.builder("127.0.0.1", 0)
                .heavyOperations(new HeavyOperations(System::currentTimeMillis));
    }

    private static JmxConnector withToken() {
        return JmxConnector.start(loopback().token(AccessToken.of(TOKEN)).build());
    }

    private static JMXConnector connect(String url, String user, String password) throws Exception {
        return JMXConnectorFactory.connect(new JMXServiceURL(url),
                user == null ? Map.of() : Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    /** A line as the JDK writes it when it hashes a password file in place: user, salt, SHA3-512(salt, password). */
    private static String hashedLine(String user, String password) throws Exception {
        byte[] salt = new byte[64];
        new java.security.SecureRandom().nextBytes(salt);
        MessageDigest digest = MessageDigest.getInstance("SHA3-512");
        digest.update(salt);
        byte[] hash = digest.digest(password.getBytes(StandardCharsets.UTF_8));
        return user + " " + Base64.getEncoder().encodeToString(salt) + " " + Base64.getEncoder().encodeToString(hash)
                + " SHA3-512";
    }

    private static Path[] files(Path dir) throws Exception {
        Path passwords = Files.write(dir.resolve("jmx.password"), List.of("# users", "monitor watch-only",
                "operator full-power", hashedLine("auditor", "hashed-secret"), "stranger no-role"));
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        Path access = Files.write(dir.resolve("jmx.access"), List.of("monitor readonly", "auditor readonly",
                // even a role the access file lets create MLets must not: the connector refuses creation for all
                "operator readwrite create javax.management.loading.MLet,javax.management.timer.Timer"));
        return new Path[] {passwords, access};
    }

    @Test
    void withoutCredentialsOrWithWrongOnesNobodyConnectsAndTheRefusalDoesNotSayWhichPartWasWrong(@TempDir Path dir)
            throws Exception {
        Path[] files = files(dir);
        try (JmxConnector jmx = JmxConnector.start(loopback().token(AccessToken.of(TOKEN))
                .passwordFiles(files[0], files[1]).build())) {
            assertThatThrownBy(() -> connect(jmx.url(), null, null)).isInstanceOf(SecurityException.class);
            for (String[] wrong : List.of(new String[] {AccessToken.USER, "not-the-token"},
                    new String[] {"operator", "wrong"}, new String[] {"nobody", "full-power"},
                    new String[] {"stranger", "no-role"}, new String[] {"operator", TOKEN})) {
                assertThatThrownBy(() -> connect(jmx.url(), wrong[0], wrong[1]))
                        .isInstanceOf(SecurityException.class)
                        .hasMessage("authentication failed");
            }
            assertThatThrownBy(() -> JMXConnectorFactory.connect(new JMXServiceURL(jmx.url()),
                    Map.of(JMXConnector.CREDENTIALS, new String[] {AccessToken.USER, TOKEN, "extra"})))
                    .isInstanceOf(SecurityException.class).hasMessage("authentication failed");
        }
    }

    @Test
    void theTokenConnectsAndMayActOnOurMBeans() throws Exception {
        try (JmxConnector jmx = withToken(); JMXConnector c = connect(jmx.url(), AccessToken.USER, TOKEN)) {
            assertThat(jmx.url()).startsWith("service:jmx:rmi:///jndi/rmi://127.0.0.1:").endsWith("/jmxrmi");
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            int before = probe.getCalls();
            assertThat(mbs.invoke(PROBE, "ping", null, null)).isEqualTo(before + 1);
            mbs.setAttribute(PROBE, new Attribute("Level", 7));
            assertThat(mbs.getAttribute(PROBE, "Level")).isEqualTo(7);
        }
    }

    @Test
    void theReadOnlyRoleOfTheAccessFileReadsButCannotActAndTheReadWriteRoleCan(@TempDir Path dir) throws Exception {
        Path[] files = files(dir);
        try (JmxConnector jmx = JmxConnector.start(loopback().passwordFiles(files[0], files[1]).build())) {
            for (String[] readOnly : List.of(new String[] {"monitor", "watch-only"},
                    new String[] {"auditor", "hashed-secret"})) {
                try (JMXConnector c = connect(jmx.url(), readOnly[0], readOnly[1])) {
                    MBeanServerConnection mbs = c.getMBeanServerConnection();
                    assertThat(mbs.getAttribute(PROBE, "Calls")).isInstanceOf(Integer.class);
                    assertThat(mbs.getAttribute(MEMORY, "HeapMemoryUsage")).isInstanceOf(CompositeData.class);
                    int calls = probe.getCalls();
                    assertThatThrownBy(() -> mbs.invoke(PROBE, "ping", null, null))
                            .isInstanceOf(SecurityException.class).hasMessageContaining("needs the readwrite role");
                    assertThatThrownBy(() -> mbs.setAttribute(PROBE, new Attribute("Level", 3)))
                            .isInstanceOf(SecurityException.class);
                    AttributeList levels = new AttributeList(List.of(new Attribute("Level", 3)));
                    assertThatThrownBy(() -> mbs.setAttributes(PROBE, levels)).isInstanceOf(SecurityException.class);
                    assertThat(probe.getCalls()).isEqualTo(calls);
                    assertThat(probe.getLevel()).isNotEqualTo(3);
                }
            }
            try (JMXConnector c = connect(jmx.url(), "operator", "full-power")) {
                int calls = probe.getCalls();
                assertThat(c.getMBeanServerConnection().invoke(PROBE, "ping", null, null)).isEqualTo(calls + 1);
            }
        }
    }

    @Test
    void noRoleMayCreateMBeansOrReachDangerousOnes(@TempDir Path dir) throws Exception {
        Path[] files = files(dir);
        try (JmxConnector jmx = JmxConnector.start(loopback().passwordFiles(files[0], files[1]).build());
             JMXConnector c = connect(jmx.url(), "operator", "full-power")) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            assertThat(mbs.invoke(MemoryManager.MONITOR, "sampleNow", null, null)).isNotNull();
            assertThatThrownBy(() -> mbs.createMBean("javax.management.loading.MLet",
                    new ObjectName("evil:type=MLet"))).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> mbs.createMBean("javax.management.timer.Timer",
                    new ObjectName("evil:type=Timer"))).isInstanceOf(SecurityException.class)
                    .hasMessageContaining("createMBean is not allowed");
            assertThat(mbs.isRegistered(new ObjectName("evil:type=Timer"))).isFalse();
            assertThat(mbs.isRegistered(new ObjectName("evil:type=MLet"))).isFalse();
            assertThatThrownBy(() -> mbs.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "vmFlags", new Object[] {new String[0]}, new String[] {String[].class.getName()}))
                    .isInstanceOf(SecurityException.class).hasMessageContaining("denied");
            assertThatThrownBy(() -> mbs.invoke(new ObjectName("com.sun.management:type=HotSpotDiagnostic"),
                    "dumpHeap", new Object[] {"/tmp/x.hprof", true},
                    new String[] {String.class.getName(), boolean.class.getName()}))
                    .isInstanceOf(SecurityException.class);
            assertThat(Files.exists(Path.of("/tmp/x.hprof"))).isFalse();
            assertThatThrownBy(() -> mbs.unregisterMBean(MemoryManager.MONITOR)).isInstanceOf(SecurityException.class);
            // the serialization filter refuses classes no JMX client needs to send, before deserialising them
            assertThatThrownBy(() -> mbs.setAttribute(MemoryManager.MONITOR,
                    new Attribute("HysteresisPercent", new java.io.File("/tmp")))).isNotNull()
                    .satisfies(e -> assertThat(e.toString() + e.getCause()).containsIgnoringCase("filter"));
            assertThat(mbs.isRegistered(MemoryManager.MONITOR)).isTrue();
        }
    }

    @Test
    void platformMBeansAreReadOnlyButJConsolesThreadReadsAreAllowed() throws Exception {
        try (JmxConnector jmx = withToken(); JMXConnector c = connect(jmx.url(), AccessToken.USER, TOKEN)) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            boolean verbose = ManagementFactory.getMemoryMXBean().isVerbose();
            assertThatThrownBy(() -> mbs.setAttribute(MEMORY, new Attribute("Verbose", !verbose)))
                    .isInstanceOf(SecurityException.class).hasMessageContaining("read-only");
            assertThatThrownBy(() -> mbs.setAttributes(MEMORY, new AttributeList(List.of(
                    new Attribute("Verbose", !verbose))))).isInstanceOf(SecurityException.class);
            assertThat(ManagementFactory.getMemoryMXBean().isVerbose()).isEqualTo(verbose);
            // JConsole's "Perform GC"
            assertThatThrownBy(() -> mbs.invoke(MEMORY, "gc", null, null))
                    .isInstanceOf(SecurityException.class).hasMessageContaining("gc");
            assertThatThrownBy(() -> mbs.invoke(THREADING, "resetPeakThreadCount", null, null))
                    .isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> mbs.setAttribute(THREADING, new Attribute("ThreadCpuTimeEnabled", true)))
                    .isInstanceOf(SecurityException.class);
            Object threads = mbs.invoke(THREADING, "dumpAllThreads", new Object[] {false, false},
                    new String[] {boolean.class.getName(), boolean.class.getName()});
            assertThat((CompositeData[]) threads).isNotEmpty();
            assertThat(mbs.invoke(THREADING, "findDeadlockedThreads", null, null)).isNull();
        }
    }

    @Test
    void secretRuntimeAttributesAreRefusedAndLeftOutOfGetAttributes() throws Exception {
        try (JmxConnector jmx = withToken(); JMXConnector c = connect(jmx.url(), AccessToken.USER, TOKEN)) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            for (String secret : JmxConnector.SECRET_ATTRIBUTES.get(ManagementFactory.RUNTIME_MXBEAN_NAME)) {
                assertThatThrownBy(() -> mbs.getAttribute(RUNTIME, secret))
                        .isInstanceOf(SecurityException.class).hasMessageContaining(secret);
            }
            AttributeList read = mbs.getAttributes(RUNTIME, new String[] {"SystemProperties", "Uptime",
                    "InputArguments", "VmName"});
            assertThat(read.asList()).extracting(Attribute::getName).containsExactly("Uptime", "VmName");
            assertThat(mbs.queryNames(RUNTIME, null)).containsExactly(RUNTIME);
        }
    }

    @Test
    void notificationsReachRemoteListenersWhileTheDelegatesAttributesStayDenied() throws Exception {
        ObjectName timer = new ObjectName("io.memorymanager:type=JmxTestTimer");
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (JmxConnector jmx = withToken(); JMXConnector c = connect(jmx.url(), AccessToken.USER, TOKEN)) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            // how JConsole follows MBeans coming and going; all notifications travel through the delegate's listener
            mbs.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, (n, handback) -> seen.add(n.getType()),
                    null, null);
            assertThatThrownBy(() -> mbs.getAttribute(MBeanServerDelegate.DELEGATE_NAME, "MBeanServerId"))
                    .isInstanceOf(SecurityException.class).hasMessageContaining("denied");
            ManagementFactory.getPlatformMBeanServer().registerMBean(new javax.management.timer.Timer(), timer);
            try {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> seen.contains(MBeanServerNotification.REGISTRATION_NOTIFICATION));
            } finally {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(timer);
            }
        }
    }

    @Test
    void theEleventhHeavyOperationWithinAMinuteIsRefusedWithTheLimitInWords() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000);
        HeavyOperations heavy = new HeavyOperations(now::get);
        try (JmxConnector jmx = JmxConnector.start(JmxConnector.Settings.builder("127.0.0.1", 0)
                .token(AccessToken.of(TOKEN)).heavyOperations(heavy).build());
             JMXConnector c = connect(jmx.url(), AccessToken.USER, TOKEN)) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            for (int i = 0; i < HeavyOperations.PER_CLIENT_PER_MINUTE; i++) {
                mbs.invoke(PROBE, "forceGc", null, null);
                now.addAndGet(1_000);
            }
            int calls = probe.getCalls();
            assertThatThrownBy(() -> mbs.invoke(PROBE, "forceGc", null, null))
                    .isInstanceOf(SecurityException.class)
                    .hasMessageContaining("more than " + HeavyOperations.PER_CLIENT_PER_MINUTE + " heavy operations");
            assertThat(probe.getCalls()).isEqualTo(calls);
            assertThat(mbs.invoke(PROBE, "ping", null, null)).as("light operations are not counted").isNotNull();
            now.addAndGet(60_000);
            assertThat(mbs.invoke(PROBE, "forceGc", null, null)).isEqualTo(calls + 2);
        }
    }

    @Test
    void withAuthenticationTurnedOffOnLoopbackAnyLocalClientActsButPlatformMBeansStayReadOnly() throws Exception {
        try (JmxConnector jmx = JmxConnector.start(loopback().authenticate(false).build());
             JMXConnector c = connect(jmx.url(), null, null)) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            assertThat(mbs.getAttribute(MemoryManager.JVM_MEMORY, "HeapUsedBytes")).isInstanceOf(Long.class);
            int calls = probe.getCalls();
            assertThat(mbs.invoke(PROBE, "ping", null, null)).isEqualTo(calls + 1);
            assertThatThrownBy(() -> mbs.invoke(MEMORY, "gc", null, null)).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> mbs.createMBean("javax.management.loading.MLet", new ObjectName("evil:type=MLet")))
                    .isInstanceOf(SecurityException.class);
        }
    }

    @Test
    void authenticationCannotBeTurnedOffOnANetworkAddress() {
        assertThatThrownBy(() -> JmxConnector.start(JmxConnector.Settings.builder("0.0.0.0", 0).authenticate(false)
                .heavyOperations(new HeavyOperations(System::currentTimeMillis)).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("can be turned off on a loopback address only");
    }

    @Test
    void withAuthenticationOnButNoTokenNorPasswordFileTheConnectorDoesNotStart() {
        assertThatThrownBy(() -> JmxConnector.start(loopback().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs the access token or jmxPasswordFile and jmxAccessFile");
    }
}
