package io.memorymanager.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memorymanager.bridge.Http;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attacks on a child JVM running the agent with authentication on Jolokia and the JMX connector. Every case
 * asserts the safe outcome, and after every case the application must still answer an authenticated read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttackIT {

    private static final String OPS = "ops";
    private static final String OPS_PASSWORD = "correct horse battery";
    private ChildJvm child;
    private Http http;
    private Http anonymous;
    private String jmxUrl;
    private String base;
    private Path outputDir;
    private final AtomicInteger cases = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createTempDirectory("mm-attack");
        outputDir = dir.resolve("out");
        Path users = dir.resolve("users");
        Files.writeString(users, passwordLine() + "\n");
        Path jmxPasswords = Files.write(dir.resolve("jmx.password"), List.of("reader reads", "writer writes"));
        Path jmxAccess = Files.write(dir.resolve("jmx.access"), List.of("reader readonly", "writer readwrite"));
        for (Path p : List.of(users, jmxPasswords, jmxAccess)) {
            // owner-only, as the agent requires of authFile
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        }
        child = ChildJvm.start(List.of("-Xmx256m", ChildJvm.agent("port=0,authFile=" + users + ",outputDir=" + outputDir
                + ",jmxPort=0,jmxPasswordFile=" + jmxPasswords + ",jmxAccessFile=" + jmxAccess)),
                ChildJvm.HOST_CLASSES, "serve");
        String url = child.awaitStderr("Memory Manager: Jolokia at (http://\\S+)");
        jmxUrl = child.awaitStderr("Memory Manager: JMX at (service:jmx:\\S+)");
        base = url;
        http = new Http(url, OPS, OPS_PASSWORD);
        anonymous = new Http(url);
    }

    private static String passwordLine() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                ChildJvm.AGENT_JAR.toAbsolutePath().toString(), "hash-password", OPS).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((OPS_PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return line;
    }

    @AfterEach
    void stillServing() throws Exception {
        cases.incrementAndGet();
        Http.Answer health = http.get("read/io.memorymanager:type=Health/Status");
        assertThat(health.status()).as("the application still serves after the attack").isEqualTo(200);
    }

    @AfterAll
    void stop() {
        System.out.println("[attack suite] cases run against the child JVM: " + cases.get());
        if (child != null) {
            child.close();
        }
    }

    private static String exec(String mbean, String operation, String arguments) {
        return "{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"" + operation + "\""
                + (arguments == null ? "" : ",\"arguments\":" + arguments) + "}";
    }

    // ---------------------------------------------------------------------------------------- authentication

    @Test
    void noCredentialsWrongPasswordAndUnknownUserAreRefused() throws Exception {
        assertThat(anonymous.get("read/io.memorymanager:type=JvmMemory").httpStatus()).isEqualTo(401);
        assertThat(new Http(baseOf(), OPS, "wrong")
                .get("read/io.memorymanager:type=JvmMemory").httpStatus()).isEqualTo(401);
        assertThat(new Http(baseOf(), "mallory", OPS_PASSWORD).post(exec("io.memorymanager:type=Optimizer", "forceGc",
                null)).httpStatus()).isEqualTo(401);
        assertThat(anonymous.post(exec("io.memorymanager:type=Optimizer", "forceGc", null)).httpStatus()).isEqualTo(401);
    }

    private String baseOf() {
        return base;
    }

    // ---------------------------------------------------------------------------------------- denied MBeans

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"vmFlags\"}",
        "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"vmFlags()\"}",
        "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\","
                + "\"operation\":\"vmFlags([Ljava.lang.String;)\",\"arguments\":[[]]}",
        "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\","
                + "\"operation\":\"jvmtiAgentLoad(java.lang.String)\",\"arguments\":[\"/tmp/evil.so\"]}",
        "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                + "\"operation\":\"dumpHeap(java.lang.String,boolean)\",\"arguments\":[\"/tmp/attack.hprof\",true]}",
        "{\"type\":\"read\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\",\"attribute\":\"DiagnosticOptions\"}",
        "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                + "\"operation\":\"setVMOption\",\"arguments\":[\"HeapDumpPath\",\"/tmp\"]}",
        "{\"type\":\"exec\",\"mbean\":\"jdk.management.jfr:type=FlightRecorder\",\"operation\":\"newRecording\"}",
        "{\"type\":\"read\",\"mbean\":\"JMImplementation:type=MBeanServerDelegate\"}",
        "{\"type\":\"exec\",\"mbean\":\"DefaultDomain:type=MLet\",\"operation\":\"getMBeansFromURL\","
                + "\"arguments\":[\"http://127.0.0.1:1/evil.mlet\"]}",
        "{\"type\":\"exec\",\"mbean\":\"java.util.logging:type=Logging\",\"operation\":\"setLoggerLevel\","
                + "\"arguments\":[\"\",\"OFF\"]}",
        "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}",
        "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}",
        "{\"type\":\"write\",\"mbean\":\"java.lang:type=Threading\",\"attribute\":\"ThreadCpuTimeEnabled\",\"value\":false}"})
    void deniedMBeansAndPlatformWritesAreForbiddenInEverySpelling(String request) throws Exception {
        Http.Answer answer = http.post(request);
        assertThat(answer.status()).as(request).isEqualTo(403);
        assertThat(Path.of("/tmp/attack.hprof")).doesNotExist();
    }

    @Test
    void writingAReadOnlyAttributeOfOursIsRefusedAndChangesNothing() throws Exception {
        Http.Answer answer = http.post("{\"type\":\"write\",\"mbean\":\"io.memorymanager:type=JvmMemory\","
                + "\"attribute\":\"HeapMaxBytes\",\"value\":1}");
        assertThat(answer.status()).isNotEqualTo(200);
        assertThat(((Number) http.get("read/io.memorymanager:type=JvmMemory/HeapMaxBytes").value()).longValue())
                .isGreaterThan(1);
    }

    // ---------------------------------------------------------------------------------------- request shape

    @ParameterizedTest
    @ValueSource(strings = {"exec/io.memorymanager:type=Optimizer/forceGc",
        "exec/com.sun.management:type=DiagnosticCommand/vmFlags()",
        "write/io.memorymanager:type=Monitor/HysteresisPercent/0", "?p=/exec/io.memorymanager:type=Optimizer/forceGc"})
    void getExecAndWriteAreRefused(String path) throws Exception {
        assertThat(http.get(path).httpStatus()).isEqualTo(405);
    }

    @Test
    void foreignOriginsJsonpAndHtmlAreRefused() throws Exception {
        String read = "read/io.memorymanager:type=JvmMemory/HeapUsedBytes";
        assertThat(http.send("GET", read, Map.of("Origin", "https://evil.example"), null).httpStatus()).isEqualTo(403);
        assertThat(http.send("POST", "", Map.of("Origin", "http://127.0.0.1.evil.example"),
                exec("io.memorymanager:type=Optimizer", "forceGc", null)).httpStatus()).isEqualTo(403);
        assertThat(http.get(read + "?mimeType=text/html").httpStatus()).isEqualTo(400);
        assertThat(http.get(read + "?callback=steal").httpStatus()).isEqualTo(400);
        assertThat(http.send("DELETE", read, Map.of(), null).httpStatus()).isEqualTo(405);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"read\",\"mbean\":", "", "\"just a string\"", "[1,2]",
        "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\"} trailing"})
    void truncatedEmptyAndMalformedJsonIsRefused(String body) throws Exception {
        Http.Answer answer = http.post(body);
        assertThat(answer.httpStatus()).as(body).isEqualTo(400);
        assertThat(answer.error()).doesNotContain("Exception").doesNotContain("java.");
    }

    @Test
    void anEmptyBulkIsAnsweredWithNothing() throws Exception {
        Http.Answer answer = http.post("[]");   // Hawtio sends these
        assertThat(answer.httpStatus()).isEqualTo(200);
        assertThat((List<?>) answer.value()).isEmpty();
    }

    @Test
    void deeplyNestedOversizedAndHugeBulkRequestsAreRefused() throws Exception {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(http.post(deep).httpStatus()).isEqualTo(400);
        String big = "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"pad\":\"" + "x".repeat(300_000) + "\"}";
        assertThat(http.post(big).httpStatus()).isEqualTo(413);
        StringBuilder bulk = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            bulk.append(i > 0 ? "," : "").append("{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\"}");
        }
        assertThat(http.post(bulk.append(']').toString()).httpStatus()).isEqualTo(400);
    }

    // ---------------------------------------------------------------------------------------- jsr160 target

    @ParameterizedTest
    @ValueSource(strings = {"service:jmx:rmi:///jndi/ldap://127.0.0.1:%d/evil", "service:jmx:rmi:///jndi/rmi://127.0.0.1:%d/x",
        "service:jmx:rmi:///jndi/dns://127.0.0.1:%d/x", "service:jmx:rmi:///jndi/LdAp://127.0.0.1:%d/evil"})
    void targetProxyUrlsAreRefusedAndNothingConnectsOut(String url) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(1500);
            String target = String.format(url, listener.getLocalPort());
            Http.Answer answer = http.post("{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\","
                    + "\"attribute\":\"HeapMemoryUsage\",\"target\":{\"url\":\"" + target + "\"}}");
            assertThat(answer.status()).isEqualTo(403);
            assertThat(http.get("read/java.lang:type=Memory/HeapMemoryUsage?target=" + target).httpStatus())
                    .isEqualTo(403);
            assertThatThrownBy(listener::accept).as("no outbound connection to " + target)
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    // ---------------------------------------------------------------------------------------- our operations

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "/etc/passwd", "a/../../b.hprof", "dump\\u0000.hprof",
        "memory-manager-x.hprof/../../../etc/passwd"})
    void heapDumpNamesWithTraversalAreRefused(String name) throws Exception {
        Http.Answer answer = http.post(exec("io.memorymanager:type=Profiler", "deleteDump", "[\"" + name + "\"]"));
        assertThat(answer.status()).isNotEqualTo(200);
        assertThat(Path.of("/etc/passwd")).exists();
    }

    @Test
    void typeConfusionInArgumentsIsRefusedAndChangesNothing() throws Exception {
        double before = ((Number) http.get("read/io.memorymanager:type=Monitor/SystemWarningPercent").value()).doubleValue();
        assertThat(http.post(exec("io.memorymanager:type=Monitor", "setThresholds",
                "[{\"metric\":\"system\"},90,95]")).status()).isNotEqualTo(200);
        assertThat(http.post(exec("io.memorymanager:type=Monitor", "setThresholds", "[\"system\",90]")).status())
                .isNotEqualTo(200);
        assertThat(http.post(exec("io.memorymanager:type=Monitor", "setThresholds", "[\"system\",\"ninety\",95]"))
                .status()).isNotEqualTo(200);
        assertThat(http.post("{\"type\":\"write\",\"mbean\":\"io.memorymanager:type=LeakDetector\","
                + "\"attribute\":\"Enabled\",\"value\":\"maybe\"}").status()).isNotEqualTo(200);
        assertThat(http.post(exec("io.memorymanager:type=ObjectPool,name=nope", "resize", "[5]")).status())
                .isNotEqualTo(200);
        assertThat(((Number) http.get("read/io.memorymanager:type=Monitor/SystemWarningPercent").value()).doubleValue())
                .isEqualTo(before);
        assertThat(http.get("read/io.memorymanager:type=LeakDetector/Enabled").value()).isEqualTo(true);
    }

    @Test
    @Order(Integer.MAX_VALUE)   // last: it uses up this client's heavy operations for a minute
    void heavyOperationsAreRateLimitedPerClient() throws Exception {
        List<Long> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add((long) http.post(exec("io.memorymanager:type=Profiler", "classHistogram", "[5]")).httpStatus());
        }
        assertThat(statuses).contains(429L);
        assertThat(statuses.indexOf(429L)).isLessThanOrEqualTo(10);
    }

    // ---------------------------------------------------------------------------------------- connections

    @Test
    void aSlowClientHoldingAConnectionDoesNotStopOthers() throws Exception {
        String base = baseOf();
        java.net.URI uri = java.net.URI.create(base);
        // Three clients that never finish their request headers (slowloris), each holding a worker thread.
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket(uri.getHost(), uri.getPort());
                s.getOutputStream().write("GET /jolokia/ HTTP/1.1\r\nHost: x\r\nX-Slow: "
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                assertThat(http.get("read/io.memorymanager:type=JvmMemory/HeapUsedBytes").status()).isEqualTo(200);
            }
            assertThat((System.nanoTime() - start) / 1_000_000).as("ten reads while clients dawdle, ms")
                    .isLessThan(5_000);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void manyParallelClientsAreAllServed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Callable<Long>> reads = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                reads.add(() -> new Http(baseOf(), OPS, OPS_PASSWORD).get("read/io.memorymanager:type=JvmMemory").status());
            }
            for (Future<Long> f : pool.invokeAll(reads)) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------- JMX

    @Test
    void jmxWithoutCredentialsOrWithTheWrongOnesIsRefused() {
        assertThatThrownBy(() -> JMXConnectorFactory.connect(new JMXServiceURL(jmxUrl))).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> JMXConnectorFactory.connect(new JMXServiceURL(jmxUrl),
                Map.of(JMXConnector.CREDENTIALS, new String[] {"writer", "nope"}))).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> JMXConnectorFactory.connect(new JMXServiceURL(jmxUrl),
                Map.of(JMXConnector.CREDENTIALS, new java.util.ArrayList<>(List.of("writer", "writes")))))
                .as("credentials that are not strings are not even deserialised")
                .isInstanceOfAny(SecurityException.class, java.io.IOException.class);
    }

    @Test
    void jmxReadOnlyRoleCannotActAndNoRoleCanCreateMBeansOrReachDiagnostics() throws Exception {
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(jmxUrl),
                Map.of(JMXConnector.CREDENTIALS, new String[] {"reader", "reads"}))) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            assertThat(mbs.getAttribute(new ObjectName("io.memorymanager:type=Health"), "Status")).isNotNull();
            assertThatThrownBy(() -> mbs.invoke(new ObjectName("io.memorymanager:type=Optimizer"), "forceGc", null, null))
                    .isInstanceOf(SecurityException.class);
        }
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(jmxUrl),
                Map.of(JMXConnector.CREDENTIALS, new String[] {"writer", "writes"}))) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            assertThatThrownBy(() -> mbs.createMBean("javax.management.loading.MLet", new ObjectName("evil:type=MLet")))
                    .isInstanceOf(SecurityException.class);
            assertThat(mbs.isRegistered(new ObjectName("evil:type=MLet"))).isFalse();
            assertThatThrownBy(() -> mbs.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "jvmtiAgentLoad", new Object[] {new String[] {"/tmp/evil.so"}},
                    new String[] {String[].class.getName()})).isInstanceOf(SecurityException.class);
            assertThat(mbs.invoke(new ObjectName("io.memorymanager:type=Monitor"), "sampleNow", null, null)).isNotNull();
        }
    }
}
