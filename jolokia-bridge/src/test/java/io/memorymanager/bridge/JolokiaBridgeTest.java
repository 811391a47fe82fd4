package io.memorymanager.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memorymanager.MemoryManager;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Jolokia served in this JVM on an ephemeral loopback port, used over real HTTP. */
class JolokiaBridgeTest {

    private static MemoryManager installed;
    private static JolokiaBridge bridge;
    private static Http http;

    @BeforeAll
    static void start() {
        installed = MemoryManager.install();
        bridge = TestBridge.start(BridgeOptions.defaults().withPort(0));
        http = TestBridge.actingClient(bridge);
    }

    @AfterAll
    static void stop() {
        bridge.close();
        installed.close();
    }

    @Test
    void urlIsLoopbackWithTheChosenPort() {
        assertThat(bridge.url()).isEqualTo("http://127.0.0.1:" + bridge.port() + "/jolokia/");
        assertThat(bridge.port()).isPositive();
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsOurMBeans() throws Exception {
        Http.Answer system = http.get("read/io.memorymanager:type=SystemMemory");
        assertThat(system.status()).isEqualTo(200);
        Map<String, Object> values = (Map<String, Object>) system.value();
        assertThat(((Number) values.get("TotalBytes")).longValue()).isPositive();
        assertThat(((Number) values.get("UsedPercent")).doubleValue()).isBetween(0.0, 100.0);

        Http.Answer heap = http.get("read/io.memorymanager:type=JvmMemory/HeapUsedBytes");
        assertThat(((Number) heap.value()).longValue()).isPositive();

        Http.Answer pools = http.get("read/io.memorymanager:type=JvmMemory/Pools");
        assertThat((List<Map<String, Object>>) pools.value()).isNotEmpty()
                .allSatisfy(p -> assertThat(p).containsKeys("name", "type", "usedBytes", "maxBytes"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void searchFindsEveryMBeanOfOurDomain() throws Exception {
        List<String> names = (List<String>) http.get("search/io.memorymanager:*").value();
        assertThat(names).contains("io.memorymanager:type=SystemMemory", "io.memorymanager:type=JvmMemory",
                "io.memorymanager:type=Monitor");
    }

    @Test
    void anOperationInItsCooldownIsA429WithItsOwnMessage() throws Exception {
        String exec = "{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=Optimizer\",\"operation\":\"trimPools\"}";
        assertThat(http.post(exec).status()).isEqualTo(200);
        Http.Answer again = http.post(exec);
        assertThat(again.status()).as(again.json().toString()).isEqualTo(429);
        assertThat(again.httpStatus()).isEqualTo(429);
        assertThat(again.error()).startsWith("trimPools ran 0 s ago; it may run again in ").endsWith("(cooldown 30 s)");
        assertThat(again.json()).doesNotContainKeys("error_type", "stacktrace");

        Http.Answer inBulk = http.post("[" + exec + "]");
        assertThat(inBulk.httpStatus()).as("a bulk answers 200, each answer its own status").isEqualTo(200);
        assertThat(inBulk.status()).isEqualTo(429);
    }

    @Test
    @SuppressWarnings("unchecked")
    void execRunsOurOperationsInTheFormsClientsSend() throws Exception {
        Http.Answer plain = http.post(
                "{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=Monitor\",\"operation\":\"sampleNow\"}");
        assertThat(plain.status()).isEqualTo(200);
        assertThat((Map<String, Object>) plain.value()).containsKeys("heapUsedBytes", "pressureLevel");

        Http.Answer post = http.post(
                "{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=Monitor\",\"operation\":\"sampleNow()\"}");
        assertThat(post.status()).isEqualTo(200);

        Http.Answer withSignature = http.post("{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=Monitor\","
                + "\"operation\":\"setThresholds(java.lang.String,double,double)\",\"arguments\":[\"system\",91,96]}");
        assertThat(withSignature.status()).isEqualTo(200);
        assertThat(installed.monitor().getSystemWarningPercent()).isEqualTo(91);
    }

    @Test
    void aWriteAnswersThePreviousValueAsJolokiaDoesAndSaysWhatItIsNow() throws Exception {
        long before = installed.monitor().getSampleIntervalMillis();
        try {
            Http.Answer answer = http.post("{\"type\":\"write\",\"mbean\":\"io.memorymanager:type=Monitor\","
                    + "\"attribute\":\"SampleIntervalMillis\",\"value\":\"2000\"}");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(((Number) answer.value()).longValue()).as("Jolokia's rule: the previous value").isEqualTo(before);
            assertThat(answer.json().get("message")).isEqualTo("SampleIntervalMillis was " + before + ", now 2000");
        } finally {
            installed.monitor().setSampleIntervalMillis(before);
        }
    }

    @Test
    void invalidWritesAreRefusedWithTheReason() throws Exception {
        Http.Answer answer = http.post("{\"type\":\"write\",\"mbean\":\"io.memorymanager:type=Monitor\","
                + "\"attribute\":\"SampleIntervalMillis\",\"value\":1}");
        assertThat(answer.status()).isNotEqualTo(200);
        assertThat(answer.error()).contains("SampleIntervalMillis must be at least 250, was 1");
        assertThat(installed.monitor().getSampleIntervalMillis()).isEqualTo(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"vmFlags\"}",
        "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"vmFlags()\"}",
        "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\","
                + "\"operation\":\"vmFlags([Ljava.lang.String;)\",\"arguments\":[[]]}",
        "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\","
                + "\"operation\":\"jvmtiAgentLoad\",\"arguments\":[[\"/tmp/x.so\"]]}",
        "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                + "\"operation\":\"dumpHeap\",\"arguments\":[\"/tmp/x.hprof\",true]}",
        "{\"type\":\"read\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\",\"attribute\":\"DiagnosticOptions\"}",
        "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}",
        "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}",
        "{\"type\":\"exec\",\"mbean\":\"java.util.logging:type=Logging\",\"operation\":\"setLoggerLevel\","
                + "\"arguments\":[\"\",\"OFF\"]}"})
    void dangerousRequestsAreForbidden(String request) throws Exception {
        Http.Answer answer = http.post(request);
        assertThat(answer.status()).as(request).isEqualTo(403);
        assertThat(answer.error()).contains("forbidden");
        assertThat(ManagementFactory.getMemoryMXBean().isVerbose()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"exec/io.memorymanager:type=Monitor/sampleNow", "EXEC/io.memorymanager:type=Monitor/sampleNow",
        "exec/com.sun.management:type=DiagnosticCommand/vmFlags()", "write/io.memorymanager:type=Monitor/HysteresisPercent/3",
        "?p=/exec/io.memorymanager:type=Monitor/sampleNow", "?p=%2Fwrite%2Fio.memorymanager:type=Monitor%2FHysteresisPercent%2F3"})
    void execAndWriteNeedPostSoALinkCannotAct(String path) throws Exception {
        long samples = installed.monitor().getSampleCount();
        Http.Answer answer = http.get(path);
        assertThat(answer.httpStatus()).as(path).isEqualTo(405);
        assertThat(answer.error()).endsWith("needs POST");
        assertThat(installed.monitor().getHysteresisPercent()).isNotEqualTo(3);
        assertThat(installed.monitor().getSampleCount() - samples).isLessThanOrEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsr160ProxyIsNotServedSoATargetIsNeverContacted() throws Exception {
        // The jsr160 service is not on the class path, and a request naming a target is refused outright.
        Http.Answer answer = http.post("{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\","
                + "\"attribute\":\"HeapMemoryUsage\",\"target\":{\"url\":"
                + "\"service:jmx:rmi:///jndi/ldap://127.0.0.1:1/evil\"}}");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.error()).isEqualTo("the JSR-160 proxy (target) is disabled");
        assertThatThrownBy(() -> Class.forName("org.jolokia.service.jsr160.Jsr160RequestHandler"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void jolokiasOwnConfigMBeanCannotBeSwitchedOverHttp() throws Exception {
        ObjectName config = ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("jolokia:type=Config,*"), null).iterator().next();
        Http.Answer answer = http.post("{\"type\":\"write\",\"mbean\":\"" + config
                + "\",\"attribute\":\"Debug\",\"value\":true}");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(config, "Debug")).isEqualTo(false);
    }

    @Test
    void errorsCarryNoStackTraceEvenWhenAsked() throws Exception {
        Http.Answer answer = http.post("?includeStackTrace=true&serializeException=true&allowErrorDetails=true",
                "{\"type\":\"write\",\"mbean\":\"io.memorymanager:type=Monitor\","
                        + "\"attribute\":\"SampleIntervalMillis\",\"value\":1}");
        assertThat(answer.status()).isNotEqualTo(200);
        assertThat(answer.json()).doesNotContainKeys("stacktrace", "error_value", "error_type");
        assertThat(answer.error()).isEqualTo("SampleIntervalMillis must be at least 250, was 1")
                .doesNotContain("java.");
    }

    @Test
    void integerJsonNumbersReachDoubleParametersAndAttributes() throws Exception {
        Http.Answer exec = http.post("{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=Monitor\","
                + "\"operation\":\"setThresholds\",\"arguments\":[\"container\",70,90]}");
        assertThat(exec.status()).as(exec.error()).isEqualTo(200);
        assertThat(installed.monitor().getContainerWarningPercent()).isEqualTo(70.0);

        Http.Answer write = http.post("[{\"type\":\"write\",\"mbean\":\"io.memorymanager:type=Monitor\","
                + "\"attribute\":\"ContainerWarningPercent\",\"value\":75},"
                + "{\"type\":\"write\",\"mbean\":\"io.memorymanager:type=Monitor\","
                + "\"attribute\":\"HysteresisPercent\",\"value\":2.5}]");
        assertThat(write.httpStatus()).isEqualTo(200);
        assertThat(installed.monitor().getContainerWarningPercent()).isEqualTo(75.0);
        assertThat(installed.monitor().getHysteresisPercent()).isEqualTo(2.5);
    }

    @Test
    void anIdleConnectionDoesNotBlockOtherClients() throws Exception {
        try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), bridge.port());
             Socket slow = new Socket(InetAddress.getLoopbackAddress(), bridge.port())) {
            slow.getOutputStream().write("GET /jolokia/version HTTP/1.1\r\nHost: x\r\n".getBytes());
            assertThat(http.get("version").status()).isEqualTo(200);
            assertThat(idle.isConnected()).isTrue();
        }
    }

    @Test
    void httpThreadsAreDaemonsSoTheHostCanExit() {
        List<Thread> http = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("memory-manager-http") || t.getName().startsWith("memory-manager-jolokia"))
                .toList();
        assertThat(http).isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).as(t.getName()).isTrue());
    }

    @Test
    void occupiedPortFailsWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> TestBridge.start(BridgeOptions.defaults().withPort(taken.getLocalPort())))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("Jolokia cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void browsersMayCallFromThisMachinesOwnOriginsAndTheAllowedOnesOnly() throws Exception {
        String read = "read/io.memorymanager:type=JvmMemory/HeapUsedBytes";
        try (JolokiaBridge other = TestBridge.start(BridgeOptions.defaults().withPort(0)
                .withAllowedOrigins(java.util.Set.of("http://127.0.0.1:9")))) {
            Http client = new Http(other.url());
            assertThat(client.send("GET", read, Map.of("Origin", "http://127.0.0.1:9"), null).httpStatus()).isEqualTo(200);
            assertThat(client.send("GET", read, Map.of("Origin", "http://127.0.0.1:" + other.port()), null).httpStatus())
                    .isEqualTo(200);
            assertThat(client.send("GET", read, Map.of("Origin", "http://localhost:" + other.port()), null).httpStatus())
                    .isEqualTo(200);
            // listening on loopback, pages of this machine (a stock Hawtio's proxy passes its page's origin on)
            for (String local : List.of("http://127.0.0.1:10", "http://localhost:3000", "http://LOCALHOST",
                    "https://127.0.0.2:8443", "http://[::1]:8080")) {
                assertThat(client.send("GET", read, Map.of("Origin", local), null).httpStatus()).as(local).isEqualTo(200);
            }
            for (String foreign : List.of("null", "http://127.0.0.1.evil.example", "http://evil.example:8080",
                    "http://localhost.evil.example", "http://127.0.0.1:10@evil.example", "file://", "http://127.0.0.1:10/x",
                    "http://0.0.0.0:8080", "http://[::ffff:127.0.0.1]:80")) {
                assertThat(client.send("GET", read, Map.of("Origin", foreign), null).httpStatus()).as(foreign)
                        .isEqualTo(403);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneAnswerCarriesAtMostAThousandElementsOfACollection() throws Exception {
        ObjectName big = new ObjectName("test:type=Big");
        List<Integer> items = java.util.stream.IntStream.range(0, 5000).boxed().toList();
        ManagementFactory.getPlatformMBeanServer().registerMBean((BigMXBean) () -> items, big);
        try {
            Http.Answer answer = http.get("read/test:type=Big/Items");
            assertThat(answer.status()).isEqualTo(200);
            assertThat((List<Object>) answer.value()).as("capped").hasSize(1000);
            Http.Answer more = http.get("read/test:type=Big/Items?maxCollectionSize=100000");
            assertThat((List<Object>) more.value()).as("a client cannot raise the cap").hasSize(1000);
            Http.Answer unlimited = http.get("read/test:type=Big/Items?maxCollectionSize=0");
            assertThat((List<Object>) unlimited.value()).as("0 means unlimited to Jolokia").hasSize(1000);
        } finally {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(big);
        }
    }
}
