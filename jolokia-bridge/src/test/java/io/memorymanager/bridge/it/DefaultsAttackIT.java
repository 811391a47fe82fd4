package io.memorymanager.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memorymanager.bridge.AccessToken;
import io.memorymanager.bridge.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Attacks on a child JVM with the agent at its defaults (no authFile: loopback, reads open, exec and write with
 * the access token only) and a 64 MB heap, sent as raw HTTP the way a hostile page or local client would. After
 * every case the application still serves and its file descriptors are back to where they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DefaultsAttackIT {

    private static final String SECRET = "hunter2-" + Long.toHexString(new Random().nextLong());
    private ChildJvm child;
    private Http anonymous;
    private Http acting;
    private int port;
    private long baselineFds;
    private int cases;

    @BeforeAll
    void start() throws Exception {
        Path out = Files.createTempDirectory("mm-defaults").resolve("out");
        child = ChildJvm.start(List.of("-Xmx64m", "-Dapp.db.password=" + SECRET,
                ChildJvm.agent("port=0,outputDir=" + out)), ChildJvm.HOST_CLASSES, "serve");
        acting = child.acting("Memory Manager: Jolokia at (http://\\S+)");
        String url = child.awaitStderr("Memory Manager: Jolokia at (http://\\S+)");
        port = Integer.parseInt(url.replaceAll(".*:(\\d+)/jolokia/", "$1"));
        anonymous = new Http(url);
        assertThat(anonymous.get("version").status()).isEqualTo(200);
        baselineFds = fds();
        System.out.println("[defaults attack suite] before: descriptors " + baselineFds + ", heap "
                + anonymous.get("read/java.lang:type=Memory/HeapMemoryUsage").value());
    }

    @AfterEach
    void stillServingWithNoDescriptorLeft() throws Exception {
        cases++;
        assertThat(anonymous.get("read/io.memorymanager:type=Health/Status").status())
                .as("the application still serves").isEqualTo(200);
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(fds()).as("descriptors back to the baseline").isLessThanOrEqualTo(baselineFds + 3));
    }

    @AfterAll
    void stop() throws Exception {
        System.out.println("[defaults attack suite] cases: " + cases + ", descriptors at start " + baselineFds
                + ", at end " + fds() + ", heap " + anonymous.get("read/java.lang:type=Memory/HeapMemoryUsage").value());
        if (child != null) {
            child.close();
        }
    }

    private long fds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(child.pid()), "fd"))) {
            return s.count();
        }
    }

    /** One raw HTTP/1.1 request line and headers (and body), the whole answer as text. */
    private String raw(String requestLineAndHeaders, String body) throws IOException {
        return raw(null, requestLineAndHeaders, body);
    }

    private String raw(InetAddress from, String head, String body) throws IOException {
        try (Socket s = new Socket()) {
            if (from != null) {
                s.bind(new InetSocketAddress(from, 0));
            }
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            s.setSoTimeout(20_000);
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String h = head + "\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n")
                    + "\r\n";
            OutputStream o = s.getOutputStream();
            o.write(h.getBytes(StandardCharsets.ISO_8859_1));
            o.write(b);
            o.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Whether the answer is a successful exec or write (a read or version that a spelling decoded to acts not). */
    private static boolean acted(String answer) {
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        return answer.startsWith("HTTP/1.1 200") && body.contains("\"status\":200") && !body.contains("\"error\"")
                && (body.contains("\"type\":\"write\"") || body.contains("\"type\":\"exec\""));
    }

    // ------------------------------------------------------------------------------- one parse, many spellings

    /** Every spelling and encoding of a GET exec/write: none may act, whatever Jolokia decodes it to. */
    @Test
    @Order(1)
    void noSpellingOrEncodingOfAGetExecOrWriteActs() throws Exception {
        Object hysteresis = anonymous.get("read/io.memorymanager:type=Monitor/HysteresisPercent").value();
        Object warning = anonymous.get("read/io.memorymanager:type=Monitor/SystemWarningPercent").value();
        List<String> targets = List.of("/write/io.memorymanager:type=Monitor/HysteresisPercent/3.25",
                "/exec/io.memorymanager:type=Monitor/setThresholds/system/61/91",
                "/exec/io.memorymanager:type=LeakDetector/reset");
        Set<String> variants = new LinkedHashSet<>();
        Random random = new Random(42);
        for (String t : targets) {
            for (String typed : typeSpellings(t)) {
                variants.add("/jolokia" + typed);
                variants.add("/jolokia/?p=" + enc(typed));
                variants.add("/jolokia?p=" + enc(typed));
                variants.add("/jolokia/?P=" + enc(typed));
                variants.add("/jolokia/?x=%26p=" + enc(enc(typed)));
                variants.add("/jolokia/?p=" + enc(enc(typed)));
                variants.add("/jolokia/version?p=" + enc(typed));
                variants.add("/jolokia/read/java.lang:type=Memory?p=" + enc(typed));
                variants.add("/jolokia/?p=" + typed.replace("/", "%2F"));
                for (int i = 0; i < 6; i++) {
                    variants.add("/jolokia" + percentSome(typed, random, false));
                    variants.add("/jolokia/?p=" + percentSome(typed, random, true));
                }
            }
        }
        int refused = 0;
        for (String v : variants) {
            String answer = raw("GET " + v + " HTTP/1.1", null);
            assertThat(acted(answer)).as("GET %s acted: %s", v, answer).isFalse();
            refused++;
        }
        assertThat(anonymous.get("read/io.memorymanager:type=Monitor/HysteresisPercent").value()).isEqualTo(hysteresis);
        assertThat(anonymous.get("read/io.memorymanager:type=Monitor/SystemWarningPercent").value()).isEqualTo(warning);
        System.out.println("[defaults attack suite] GET spellings of exec/write tried, none acted: " + refused);
        // the same request by POST with the token acts: the refusals above were about the method, not the request
        assertThat(acting.post("{\"type\":\"write\",\"mbean\":\"io.memorymanager:type=Monitor\","
                + "\"attribute\":\"HysteresisPercent\",\"value\":3.25}").status()).isEqualTo(200);
        assertThat(acting.post("{\"type\":\"write\",\"mbean\":\"io.memorymanager:type=Monitor\","
                + "\"attribute\":\"HysteresisPercent\",\"value\":" + hysteresis + "}").status()).isEqualTo(200);
    }

    private static List<String> typeSpellings(String path) {
        String type = path.substring(1, path.indexOf('/', 1));
        String rest = path.substring(type.length() + 1);
        return List.of("/" + type + rest, "/" + type.toUpperCase(Locale.ROOT) + rest,
                "/" + Character.toUpperCase(type.charAt(0)) + type.substring(1) + rest, "//" + type + rest);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Percent-encodes a random third of the letters, once or (in a query) sometimes twice. */
    private static String percentSome(String s, Random random, boolean mayDouble) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (Character.isLetter(c) && random.nextInt(3) == 0) {
                String e = String.format("%%%02X", (int) c);
                b.append(mayDouble && random.nextBoolean() ? e.replace("%", "%25") : e);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Test
    @Order(2)
    void upperCaseTypesByPostAreJudgedLikeLowerCaseOnes() throws Exception {
        String maybe = "{\"type\":\"WRITE\",\"mbean\":\"io.memorymanager:type=LeakDetector\",\"attribute\":\"Enabled\","
                + "\"value\":\"maybe\"}";
        assertThat(acting.post(maybe).httpStatus()).isEqualTo(400);
        assertThat(anonymous.get("read/io.memorymanager:type=LeakDetector/Enabled").value()).isEqualTo(true);
        assertThat(anonymous.post("{\"type\":\"EXEC\",\"mbean\":\"io.memorymanager:type=LeakDetector\","
                + "\"operation\":\"reset\"}").httpStatus()).as("no token, no exec").isEqualTo(401);
    }

    // ------------------------------------------------------------------------------- secrets and browsers

    @Test
    @Order(3)
    void secretsAreNotReadableByAnyPathPatternOrBulk() throws Exception {
        List<String> gets = List.of("read/java.lang:type=Runtime/SystemProperties", "read/java.lang:type=Runtime",
                "read/java.lang:type=Runtime?ignoreErrors=true", "read/*:type=Runtime,*?ignoreErrors=true",
                "read/java.lang:type=Runtime/InputArguments", "read/java.lang:*?ignoreErrors=true",
                "?p=/read/java.lang:type%3DRuntime/SystemProperties", "read/java.lang:type=Runtime/ClassPath");
        for (String g : gets) {
            String answer = raw("GET /jolokia/" + g + " HTTP/1.1", null);
            assertThat(answer).as(g).doesNotContain(SECRET).doesNotContain("app.db.password")
                    .doesNotContain("error_type").doesNotContain("SecurityException").doesNotContain("stacktrace");
        }
        String bulk = "[{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\"},"
                + "{\"type\":\"READ\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":[\"SystemProperties\",\"Name\"]},"
                + "{\"type\":\"read\",\"mbean\":\"*:*\",\"config\":{\"ignoreErrors\":true}}]";
        assertThat(raw("POST /jolokia/ HTTP/1.1\r\nAuthorization: Bearer " + token(), bulk))
                .doesNotContain(SECRET).doesNotContain("app.db.password");
    }

    @Test
    @Order(4)
    void noJsonpNoForeignHostNoForeignOriginAndNoNotifications() throws Exception {
        for (String q : List.of("?callback=steal", "?x=%26callback=steal", "?Callback=steal", "?callback=steal&mimeType=text/javascript")) {
            String answer = raw("GET /jolokia/read/io.memorymanager:type=JvmMemory" + q + " HTTP/1.1", null);
            assertThat(answer).as(q).doesNotContain("steal(").doesNotContainIgnoringCase("javascript");
        }
        String rebinding = "GET /jolokia/read/io.memorymanager:type=JvmMemory HTTP/1.1\r\nHost: evil.example:" + port;
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write((rebinding + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 403");
        }
        assertThat(raw("POST /jolokia/ HTTP/1.1\r\nOrigin: http://evil.example\r\nAuthorization: Bearer " + token(),
                "{\"type\":\"exec\",\"mbean\":\"io.memorymanager:type=LeakDetector\",\"operation\":\"reset\"}"))
                .startsWith("HTTP/1.1 403");
        String register = "{\"type\":\"notification\",\"command\":\"register\"}";
        for (int i = 0; i < 50; i++) {
            assertThat(acting.post(register).httpStatus()).isEqualTo(403);
        }
        assertThat(acting.post("{\"type\":\"config\"}").httpStatus()).isEqualTo(403);
    }

    private String token() throws IOException {
        return AccessToken.read(Path.of(child.awaitStderr("access token in (\\S+)")));
    }

    @Test
    @Order(5)
    void theTokenFileAndTheOutputDirectoryAreTheOwnersOnly() throws Exception {
        Path token = Path.of(child.awaitStderr("access token in (\\S+)"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token.getParent()))).isEqualTo("rwx------");
    }

    // ------------------------------------------------------------------------------- size, time and memory

    @Test
    @Order(6)
    void longNamesAndTheWorstBulkAreAnsweredWithinA64MegabyteHeap() throws Exception {
        for (int n : List.of(3_000, 6_000, 7_500)) {
            String name = "a.".repeat(n / 2) + "X:type=x";
            String answer = raw("GET /jolokia/read/" + name + "/Y HTTP/1.1", null);
            assertThat(answer).as("%d characters", n).matches("(?s)HTTP/1.1 (4\\d\\d|200).*");
        }
        String failing = "{\"type\":\"read\",\"mbean\":\"" + "a.".repeat(2000) + "X:type=x\",\"attribute\":\"Y\"}";
        StringBuilder bulk = new StringBuilder("[");
        for (int i = 0; i < 255; i++) {
            bulk.append("{\"type\":\"list\"},");
        }
        bulk.append(failing).append(']');
        for (int round = 0; round < 3; round++) {
            String answer = raw("POST /jolokia/ HTTP/1.1\r\nAuthorization: Bearer " + token(), bulk.toString());
            assertThat(answer).startsWith("HTTP/1.1 413").contains("larger than");
        }
        StringBuilder reads = new StringBuilder("[");
        for (int i = 0; i < 256; i++) {
            reads.append(i > 0 ? "," : "").append("{\"type\":\"read\",\"mbean\":\"*:*\",\"config\":{\"ignoreErrors\":true}}");
        }
        assertThat(raw("POST /jolokia/ HTTP/1.1", reads.append(']').toString())).startsWith("HTTP/1.1 413");
    }

    @Test
    @Order(7)
    void threeHundredHalfSentRequestsDoNotDelayANormalRead() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.getOutputStream().write(("GET /jolokia/version HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                        .getBytes(StandardCharsets.ISO_8859_1));
                slow.add(s);
            }
            long start = System.nanoTime();
            assertThat(anonymous.get("read/io.memorymanager:type=JvmMemory/HeapUsedBytes").status()).isEqualTo(200);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("[defaults attack suite] a normal read during 300 half-sent requests: " + millis + " ms");
            assertThat(millis).isLessThan(1000);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    // ------------------------------------------------------------------------------- limits nobody can dodge

    @Test
    @Order(8)
    void rotatingLoopbackSourceAddressesDoNotBuyMoreHeavyOperations() throws Exception {
        int admitted = 0;
        int refused = 0;
        for (int i = 0; i < 14; i++) {
            InetAddress from = InetAddress.getByName("127.0.1." + (i + 1));
            String type = i % 2 == 0 ? "exec" : "EXEC";
            String answer = raw(from, "POST /jolokia/ HTTP/1.1\r\nAuthorization: Bearer " + token(),
                    "{\"type\":\"" + type + "\",\"mbean\":\"io.memorymanager:type=Optimizer\",\"operation\":\"forceGc"
                            + (i % 3 == 0 ? "()" : "") + "\"}");
            if (answer.startsWith("HTTP/1.1 429")) {
                refused++;
            } else {
                admitted++;
            }
        }
        assertThat(admitted).as("one budget for every loopback address").isLessThanOrEqualTo(10);
        assertThat(refused).isGreaterThanOrEqualTo(4);
    }
}
