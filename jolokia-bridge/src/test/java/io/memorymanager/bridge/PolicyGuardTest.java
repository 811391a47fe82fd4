package io.memorymanager.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped policy, checked with the names and operation spellings real clients send. */
class PolicyGuardTest {

    private final PolicyGuard shipped = new PolicyGuard(PolicyGuard.SHIPPED_POLICY);

    private static ObjectName name(String name) throws MalformedObjectNameException {
        return new ObjectName(name);
    }

    @Test
    void shippedPolicyLoads() {
        assertThat(shipped.deniesAll()).isFalse();
        assertThat(shipped.isTypeAllowed(RequestType.READ)).isTrue();
        assertThat(shipped.isTypeAllowed(RequestType.SEARCH)).isTrue();
        assertThat(shipped.isTypeAllowed(RequestType.LIST)).isTrue();
        assertThat(shipped.isTypeAllowed(RequestType.VERSION)).isTrue();
        assertThat(shipped.isTypeAllowed(RequestType.NOTIFICATION)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sampleNow", "sampleNow()", "setThresholds(java.lang.String,double,double)",
        "setThresholds"})
    void ourOperationsRunInEverySpelling(String operation) throws Exception {
        assertThat(shipped.isOperationAllowed(name("io.memorymanager:type=Monitor"), operation)).isTrue();
        assertThat(shipped.isOperationAllowed(name("io.memorymanager:type=ObjectPool,name=\"a,b\""), operation))
                .isTrue();
    }

    @Test
    void ourAttributesAreReadableAndWritable() throws Exception {
        assertThat(shipped.isAttributeWriteAllowed(name("io.memorymanager:type=Monitor"), "SampleIntervalMillis"))
                .isTrue();
        assertThat(shipped.isAttributeReadAllowed(name("io.memorymanager:type=JvmMemory"), "HeapUsedBytes"))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vmFlags", "vmFlags()", "vmFlags([Ljava.lang.String;)", "jvmtiAgentLoad",
        "jvmtiAgentLoad([Ljava.lang.String;)", "help", "*"})
    void diagnosticCommandIsDeniedInEverySpelling(String operation) throws Exception {
        assertThat(shipped.isOperationAllowed(name("com.sun.management:type=DiagnosticCommand"), operation))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.sun.management:type=DiagnosticCommand", "com.sun.management:type=HotSpotDiagnostic",
        "jdk.management.jfr:type=FlightRecorder", "DefaultDomain:type=MLet", "DefaultDomain:type=MLet,id=1",
        "org.apache.logging.log4j2:type=1b6d3586", "ch.qos.logback.classic:Name=default,Type=x"})
    void dangerousMBeansCannotBeReadWrittenOrExecuted(String mbean) throws Exception {
        ObjectName n = name(mbean);
        assertThat(shipped.isAttributeReadAllowed(n, "DiagnosticOptions")).isFalse();
        assertThat(shipped.isAttributeWriteAllowed(n, "ConfigLocationUri")).isFalse();
        assertThat(shipped.isOperationAllowed(n, "dumpHeap(java.lang.String,boolean)")).isFalse();
        assertThat(shipped.isOperationAllowed(n, "getMBeansFromURL")).isFalse();
    }

    @Test
    void platformMBeansAreReadOnly() throws Exception {
        ObjectName memory = name("java.lang:type=Memory");
        assertThat(shipped.isAttributeReadAllowed(memory, "HeapMemoryUsage")).isTrue();
        assertThat(shipped.isAttributeWriteAllowed(memory, "Verbose")).isFalse();
        assertThat(shipped.isOperationAllowed(memory, "gc")).isFalse();
        assertThat(shipped.isOperationAllowed(memory, "gc()")).isFalse();
        assertThat(shipped.isOperationAllowed(name("java.util.logging:type=Logging"),
                "setLoggerLevel(java.lang.String,java.lang.String)")).isFalse();
        assertThat(shipped.isOperationAllowed(name("JMImplementation:type=MBeanServerDelegate"), "*")).isFalse();
    }

    @Test
    void missingPolicyFileDeniesEverything() throws Exception {
        PolicyGuard missing = new PolicyGuard("/no/such/policy.xml");
        assertThat(missing.deniesAll()).isTrue();
        assertThat(missing.isAttributeReadAllowed(name("java.lang:type=Memory"), "HeapMemoryUsage")).isFalse();
        assertThat(missing.isOperationAllowed(name("io.memorymanager:type=Monitor"), "sampleNow")).isFalse();
        assertThat(new PolicyGuard("classpath:/no/such/policy.xml").deniesAll()).isTrue();
    }

    @Test
    void unparsablePolicyFileDeniesEverything(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.xml"), "<restrict><allow><mbean>");
        assertThat(new PolicyGuard(broken.toString()).deniesAll()).isTrue();
        Path wrongTag = Files.writeString(dir.resolve("wrong.xml"),
                "<restrict><allow><bean><name>*:*</name></bean></allow></restrict>");
        assertThat(new PolicyGuard(wrongTag.toString()).deniesAll()).isTrue();
    }

    @Test
    void userPolicyFileReplacesTheShippedOne(@TempDir Path dir) throws Exception {
        Path open = Files.writeString(dir.resolve("open.xml"), """
                <restrict>
                  <allow><mbean><name>java.lang:type=Memory</name><operation>gc*</operation></mbean></allow>
                </restrict>
                """);
        PolicyGuard user = new PolicyGuard(open.toString());
        assertThat(user.isOperationAllowed(name("java.lang:type=Memory"), "gc()")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SystemProperties", "InputArguments", "ClassPath", "BootClassPath", "LibraryPath"})
    void runtimeSecretsAreDeniedByTheShippedPolicyAndAUserPolicyMayOpenThem(String attribute, @TempDir Path dir)
            throws Exception {
        ObjectName runtime = name("java.lang:type=Runtime");
        assertThat(shipped.isAttributeReadAllowed(runtime, attribute)).isFalse();
        assertThat(shipped.isAttributeReadAllowed(runtime, "Uptime")).isTrue();
        Path open = Files.writeString(dir.resolve("open.xml"), "<restrict/>");
        assertThat(new PolicyGuard(open.toString()).isAttributeReadAllowed(runtime, attribute)).isTrue();
    }
}
