package io.memorymanager.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.memorymanager.bridge.BridgeOptions;
import io.memorymanager.bridge.Http;
import io.memorymanager.bridge.TestKeystore;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built agent jar in a real child JVM, reached over real HTTP. */
class AgentIT {

    private static final String JOLOKIA_URL = "Memory Manager: Jolokia at (http://\\S+)";

    @Test
    void theAgentJarCarriesNoSpringMicrometerOrOpenTelemetry() throws Exception {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(ChildJvm.AGENT_JAR.toFile())) {
            List<String> names = jar.stream().map(java.util.jar.JarEntry::getName).collect(Collectors.toList());
            assertThat(names).as("the agent's own classes are there, under its isolating loader's prefix")
                    .anyMatch(n -> n.startsWith("MM-INF/io/memorymanager/"));
            // nor nested in a jar or under the isolating loader's prefix
            assertThat(names).noneMatch(n -> n.toLowerCase(java.util.Locale.ROOT)
                    .matches(".*(springframework|micrometer|opentelemetry).*"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void agentServesOurMBeansOverHttpAndRefusesDiagnosticCommand() throws Exception {
        try (ChildJvm child = ChildJvm.start(List.of(ChildJvm.agent("port=0")), ChildJvm.HOST_CLASSES, "serve")) {
            Http http = child.acting(JOLOKIA_URL);

            Http.Answer system = http.get("read/io.memorymanager:type=SystemMemory");
            assertThat(system.status()).isEqualTo(200);
            Map<String, Object> s = (Map<String, Object>) system.value();
            assertThat(((Number) s.get("TotalBytes")).longValue()).isPositive();
            assertThat(((Number) s.get("ProcessResidentBytes")).longValue()).isPositive();

            Http.Answer jvm = http.get("read/io.memorymanager:type=JvmMemory");
            Map<String, Object> j = (Map<String, Object>) jvm.value();
            assertThat(((Number) j.get("HeapUsedBytes")).longValue()).isPositive();
            assertThat(((Number) j.get("ThreadCount")).intValue()).isPositive();

            assertThat((List<String>) http.get("search/io.memorymanager:*").value())
                    .contains("io.memorymanager:type=Monitor", "io.memorymanager:type=Profiler",
                            "io.memorymanager:type=LeakDetector");
            Http.Answer verdict = http.post("{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=LeakDetector\","
                    + "\"operation\":\"analyzeNow\"}");
            assertThat(verdict.status()).as(verdict.error()).isEqualTo(200);
            assertThat((List<Map<String, Object>>) verdict.value()).extracting(f -> f.get("kind"))
                    .containsExactly("HEAP", "THREADS", "CLASSES", "DIRECT_BUFFERS", "MAPPED_BUFFERS");
            assertThat(http.post("{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=Monitor\","
                    + "\"operation\":\"sampleNow()\"}").status()).isEqualTo(200);

            Http.Answer denied = http.post("{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\","
                    + "\"operation\":\"vmFlags\"}");
            assertThat(denied.status()).isEqualTo(403);
            assertThat(denied.error()).contains("forbidden");
            assertThat(http.get("exec/com.sun.management:type=DiagnosticCommand/vmFlags()").httpStatus()).isEqualTo(405);

            child.closeStdin();
            assertThat(child.awaitExit(Duration.ofSeconds(20))).as("exit code").isZero();
            assertThat(child.stdout()).contains("host main done");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void profilerWorksOverJolokiaAndWritesOnlyIntoItsOutputDirectory(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("profiler-out");
        try (ChildJvm child = ChildJvm.start(List.of(ChildJvm.agent("port=0,outputDir=" + out)),
                ChildJvm.HOST_CLASSES, "serve")) {
            Http http = child.acting(JOLOKIA_URL);

            Http.Answer histogram = http.post("{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=Profiler\","
                    + "\"operation\":\"classHistogram\",\"arguments\":[5]}");
            assertThat(histogram.status()).as(histogram.error()).isEqualTo(200);
            List<Map<String, Object>> rows = (List<Map<String, Object>>) histogram.value();
            assertThat(rows).hasSize(5).allSatisfy(r -> assertThat(r).containsKeys("className", "instances", "bytes",
                    "sharePercent"));
            assertThat(((Number) http.get("read/io.memorymanager:type=Profiler/LastHistogramPauseMillis").value())
                    .longValue()).isGreaterThanOrEqualTo(0);

            Http.Answer layout = http.post("{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=Profiler\","
                    + "\"operation\":\"objectLayout\",\"arguments\":[\"" + HostApp.class.getName() + "\"]}");
            assertThat(layout.status()).as(layout.error()).isEqualTo(200);
            assertThat(((Map<String, Object>) layout.value()).get("className")).isEqualTo(HostApp.class.getName());

            Http.Answer dump = http.post("{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=Profiler\","
                    + "\"operation\":\"dumpHeap\",\"arguments\":[true]}");
            assertThat(dump.status()).as(dump.error()).isEqualTo(200);
            String name = (String) ((Map<String, Object>) dump.value()).get("name");
            assertThat(out.resolve(name)).isRegularFile();
            try (Stream<Path> files = Files.list(tmp)) {
                assertThat(files).containsExactly(out);
            }
            assertThat((List<Map<String, Object>>) http.post("{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=Profiler\","
                    + "\"operation\":\"listDumps\"}").value())
                    .extracting(f -> f.get("name")).containsExactly(name);

            Http.Answer refused = http.post("{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=Profiler\","
                    + "\"operation\":\"deleteDump\",\"arguments\":[\"../../etc/passwd\"]}");
            assertThat(refused.status()).isNotEqualTo(200);
            assertThat(refused.error()).contains("not a file name the profiler generates");
            child.closeStdin();
            assertThat(child.awaitExit(Duration.ofSeconds(20))).isZero();
        }
    }

    /**
     * The relay keeps 256 KB buffers that reset connections never release (BufferPool.acquire, called from the
     * relay), while checksums allocate 16 KB buffers that are garbage at once: tracing names the relay's site as the
     * one whose buffers stay alive, sees the checksums' too, and stops taking samples once stopped.
     */
    @Test
    @SuppressWarnings("unchecked")
    void directBufferTracingNamesTheSiteWhoseBuffersStayAliveAndStopsWhenAsked() throws Exception {
        try (ChildJvm child = ChildJvm.start(List.of(ChildJvm.agent("port=0"), "-Xmx256m", "-DresetsPerMinute=600",
                "-DchecksumsPerSecond=100"), ChildJvm.HOST_CLASSES, "direct-sites")) {
            Http http = child.acting(JOLOKIA_URL);
            String profiler = "\"mbean\":\"io.memorymanager:type=Profiler\"";
            assertThat(http.get("read/io.memorymanager:type=Profiler/DirectBufferTracing").value()).isEqualTo(false);
            Http.Answer start = http.post("{\"type\":\"exec\"," + profiler
                    + ",\"operation\":\"startDirectBufferTracing\"}");
            assertThat(start.status()).as(start.error()).isEqualTo(200);
            assertThat(http.get("read/io.memorymanager:type=Profiler/DirectBufferTracing").value()).isEqualTo(true);

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        List<Map<String, Object>> sites = (List<Map<String, Object>>) http
                                .get("read/io.memorymanager:type=Profiler/DirectBufferSites").value();
                        assertThat(sites).isNotEmpty();
                        Map<String, Object> top = sites.get(0);
                        assertThat((String) top.get("site")).startsWith("com.acme.net.BufferPool.acquire:")
                                .contains("(called from com.acme.net.MessageRelay.");
                        assertThat(((Number) top.get("liveBuffers")).longValue()).isGreaterThanOrEqualTo(10);
                        assertThat(((Number) top.get("liveBytes")).longValue())
                                .isEqualTo(((Number) top.get("liveBuffers")).longValue() * 256 * 1024);
                        Map<String, Object> checksums = sites.stream()
                                .filter(x -> ((String) x.get("site")).startsWith("com.acme.net.Checksums.of:"))
                                .findFirst().orElseThrow();
                        // garbage at once: the young collections of the relay's traffic free most of them
                        assertThat(((Number) checksums.get("sampledBuffers")).longValue()).isGreaterThan(50);
                        assertThat(((Number) checksums.get("liveBuffers")).longValue())
                                .isLessThan(((Number) checksums.get("sampledBuffers")).longValue() / 2);
                    });

            Http.Answer stop = http.post("{\"type\":\"exec\"," + profiler
                    + ",\"operation\":\"stopDirectBufferTracing\"}");
            assertThat(stop.status()).as(stop.error()).isEqualTo(200);
            assertThat(http.get("read/io.memorymanager:type=Profiler/DirectBufferTracing").value()).isEqualTo(false);
            long sampled = sampledSum(http);
            Thread.sleep(2000);
            assertThat(sampledSum(http)).as("no sample after stopping, while both sites still allocate")
                    .isEqualTo(sampled);
            child.closeStdin();
            assertThat(child.awaitExit(Duration.ofSeconds(20))).isZero();
        }
    }

    @SuppressWarnings("unchecked")
    private static long sampledSum(Http http) throws Exception {
        return ((List<Map<String, Object>>) http.get("read/io.memorymanager:type=Profiler/DirectBufferSites").value())
                .stream().mapToLong(x -> ((Number) x.get("sampledBuffers")).longValue()).sum();
    }

    @Test
    void badOptionPrintsOneLineAndLetsTheHostRunToCompletion() throws Exception {
        try (ChildJvm child = ChildJvm.start(List.of(ChildJvm.agent("prot=8778")), ChildJvm.HOST_CLASSES, "serve")) {
            child.awaitStderr("Memory Manager: not started");
            child.closeStdin();
            assertThat(child.awaitExit(Duration.ofSeconds(20))).isZero();
            assertThat(child.stdout()).containsExactly("host main start", "host main done");
            assertThat(child.stderr()).containsExactly("Memory Manager: not started: unknown option 'prot'; "
                    + "known options: " + BridgeOptions.OPTIONS.stream().map(BridgeOptions.Option::key)
                    .collect(Collectors.joining(", ")));
        }
    }

    @Test
    void aConfigFileSetsTheAgentsOptionsAndItsArgumentsOverrideIt(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("memory-manager.properties"), "jolokia=false\nport=0\n");
        try (ChildJvm child = ChildJvm.start(List.of(ChildJvm.agent("config=" + config)), ChildJvm.HOST_CLASSES,
                "serve")) {
            child.awaitStderr("Memory Manager: MBeans registered in domain io\\.memorymanager \\(Jolokia HTTP off\\)");
            child.closeStdin();
            assertThat(child.awaitExit(Duration.ofSeconds(20))).isZero();
        }
        try (ChildJvm child = ChildJvm.start(List.of(ChildJvm.agent("config=" + config + ",jolokia=true")),
                ChildJvm.HOST_CLASSES, "serve")) {
            String url = child.awaitStderr("Memory Manager: Jolokia at (http://\\S+)");
            assertThat(url).as("the file's port=0, not the default 8778").startsWith("http://127.0.0.1:")
                    .doesNotContain(":8778/");
            child.closeStdin();
            assertThat(child.awaitExit(Duration.ofSeconds(20))).isZero();
        }
    }

    @Test
    void occupiedPortPrintsOneLineAndLetsTheHostRunToCompletion() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ChildJvm child = ChildJvm.start(List.of(ChildJvm.agent("port=" + taken.getLocalPort())),
                     ChildJvm.HOST_CLASSES, "serve")) {
            child.awaitStderr("Memory Manager: MBeans registered, but Jolokia HTTP not started");
            child.closeStdin();
            assertThat(child.awaitExit(Duration.ofSeconds(20))).isZero();
            assertThat(child.stdout()).containsExactly("host main start", "host main done");
            assertThat(child.stderr()).containsExactly("Memory Manager: MBeans registered, but Jolokia HTTP not "
                    + "started: Jolokia cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use");
        }
    }

    @Test
    void jolokiaFalseRegistersTheMBeansWithoutAnyHttpEndpoint() throws Exception {
        try (ChildJvm child = ChildJvm.start(List.of(ChildJvm.agent("jolokia=false")), ChildJvm.HOST_CLASSES, "serve")) {
            child.awaitStderr("Memory Manager: MBeans registered in domain io\\.memorymanager \\(Jolokia HTTP off\\)");
            assertThat(child.stderr()).noneMatch(l -> l.contains("http://"));
            child.closeStdin();
            assertThat(child.awaitExit(Duration.ofSeconds(20))).isZero();
        }
    }

    @Test
    void hostWhoseMainReturnsAtOnceExitsWithTheAgentRunning() throws Exception {
        try (ChildJvm child = ChildJvm.start(List.of(ChildJvm.agent("port=0")), ChildJvm.HOST_CLASSES, "run")) {
            assertThat(child.awaitExit(Duration.ofSeconds(20))).isZero();
            assertThat(child.stdout()).containsExactly("host main start", "host main done");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void agentWorksBesideTheApplicationsOwnOlderSlf4jAndJolokia() throws Exception {
        Path libs = Path.of(System.getProperty("host.libs", "target/host-libs"));
        String classpath;
        try (Stream<Path> jars = Files.list(libs)) {
            classpath = ChildJvm.HOST_CLASSES + File.pathSeparator
                    + jars.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
        }
        try (ChildJvm child = ChildJvm.start(List.of(ChildJvm.agent("port=0")), classpath, "clash")) {
            Http http = child.acting(JOLOKIA_URL);
            Http.Answer jvm = http.get("read/io.memorymanager:type=JvmMemory/HeapUsedBytes");
            assertThat(jvm.status()).isEqualTo(200);
            assertThat((Map<String, Object>) http.get("version").value()).containsKey("protocol");

            assertThat(child.stdout()).anySatisfy(l -> assertThat(l).startsWith("app slf4j").endsWith("slf4j-api-1.7.36.jar"));
            assertThat(child.stdout()).anySatisfy(l -> assertThat(l).startsWith("app jolokia").endsWith("jolokia-jvm-1.7.2.jar"));
            assertThat(child.stderr()).noneMatch(l -> l.startsWith("SLF4J:"));

            child.closeStdin();
            assertThat(child.awaitExit(Duration.ofSeconds(20))).isZero();
        }
    }

    @Test
    void jmxAndJolokiaOverTlsWithTheSameKeystore(@TempDir Path dir) throws Exception {
        Path keystore = TestKeystore.generate(dir, "s3cret!");
        Path storepass = Files.writeString(dir.resolve("storepass"), "s3cret!\n");
        Path passwords = Files.write(dir.resolve("jmx.password"), List.of("ops opspw"));
        Path access = Files.write(dir.resolve("jmx.access"), List.of("ops readonly"));
        for (Path secret : List.of(storepass, passwords)) {
            Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        try (ChildJvm child = ChildJvm.start(List.of(ChildJvm.agent("port=0,keystore=" + keystore
                + ",keystorePasswordFile=" + storepass + ",jmxPort=0,jmxPasswordFile=" + passwords
                + ",jmxAccessFile=" + access)), ChildJvm.HOST_CLASSES, "serve")) {
            assertThat(child.awaitStderr("Memory Manager: Jolokia at (https://\\S+)")).startsWith("https://127.0.0.1:");
            String jmx = child.awaitStderr("Memory Manager: JMX at (service:jmx:\\S+)");
            assertThat(tlsClient(jmx, keystore, true)).isEqualTo("health UP");
            assertThat(tlsClient(jmx, keystore, false)).as("a client that does not trust the certificate")
                    .startsWith("failed");
        }
    }

    private static String tlsClient(String url, Path truststore, boolean trust) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (trust) {
            command.addAll(List.of("-Djavax.net.ssl.trustStore=" + truststore, "-Djavax.net.ssl.trustStorePassword=s3cret!",
                    "-Djavax.net.ssl.trustStoreType=PKCS12"));
        }
        command.addAll(List.of("-cp", ChildJvm.HOST_CLASSES, JmxTlsClient.class.getName(), url, "ops", "opspw"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        p.waitFor();
        return out;
    }
}
