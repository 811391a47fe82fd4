package io.memorymanager.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memorymanager.MemoryManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote JMX connector over real RMI: authentication, roles, and what no role may do. */
class JmxConnectorTest {

    private static MemoryManager installed;

    @BeforeAll
    static void install() {
        installed = MemoryManager.install();
    }

    @AfterAll
    static void uninstall() {
        installed.close();
    }

    private static JMXConnector connect(String url, String user, String password) throws Exception {
        return JMXConnectorFactory.connect(new JMXServiceURL(url),
                user == null ? Map.of() : Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    @Test
    void rolesDecideWhoMayActAndNobodyMayCreateMBeansOrReachDangerousOnes(@TempDir Path dir) throws Exception {
        Path passwords = Files.write(dir.resolve("jmx.password"), List.of("monitor watch-only", "operator full-power"));
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        Path access = Files.write(dir.resolve("jmx.access"), List.of("monitor readonly",
                // even a role the access file lets create MLets must not: the connector refuses creation for all
                "operator readwrite create javax.management.loading.MLet,javax.management.timer.Timer"));
        try (JmxConnector jmx = JmxConnector.start("127.0.0.1", 0, passwords, access, null)) {
            assertThat(jmx.url()).startsWith("service:jmx:rmi:///jndi/rmi://127.0.0.1:").endsWith("/jmxrmi");
            assertThatThrownBy(() -> connect(jmx.url(), null, null)).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> connect(jmx.url(), "operator", "wrong")).isInstanceOf(SecurityException.class);

            try (JMXConnector c = connect(jmx.url(), "monitor", "watch-only")) {
                MBeanServerConnection mbs = c.getMBeanServerConnection();
                assertThat(mbs.getAttribute(MemoryManager.JVM_MEMORY, "HeapUsedBytes")).isInstanceOf(Long.class);
                assertThatThrownBy(() -> mbs.invoke(MemoryManager.MONITOR, "sampleNow", null, null))
                        .isInstanceOf(SecurityException.class);
                assertThatThrownBy(() -> mbs.setAttribute(MemoryManager.MONITOR, new Attribute("HysteresisPercent", 3.0)))
                        .isInstanceOf(SecurityException.class);
            }
            try (JMXConnector c = connect(jmx.url(), "operator", "full-power")) {
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
    }

    @Test
    void aNetworkBindWithoutPasswordsIsRefused() {
        assertThatThrownBy(() -> JmxConnector.start("0.0.0.0", 0, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs jmxPasswordFile and jmxAccessFile");
        assertThatThrownBy(() -> BridgeOptions.parse("host=0.0.0.0,authFile=/dev/null,jmxPort=0"))
                .hasMessageContaining("needs jmxPasswordFile and jmxAccessFile");
    }

    @Test
    void withoutPasswordsOnLoopbackItServesReadsButStillRefusesCreation() throws Exception {
        try (JmxConnector jmx = JmxConnector.start("127.0.0.1", 0, null, null, null);
             JMXConnector c = connect(jmx.url(), null, null)) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            assertThat(mbs.getAttribute(MemoryManager.JVM_MEMORY, "HeapUsedBytes")).isInstanceOf(Long.class);
            assertThatThrownBy(() -> mbs.createMBean("javax.management.loading.MLet", new ObjectName("evil:type=MLet")))
                    .isInstanceOf(SecurityException.class);
        }
    }
}
