package io.memorymanager.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memorymanager.MemoryManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic authentication against a hashed password file, and HTTPS, on a real Jolokia endpoint. */
class AuthenticationTest {

    private static MemoryManager installed;

    @BeforeAll
    static void install() {
        installed = MemoryManager.install();
    }

    @AfterAll
    static void uninstall() {
        installed.close();
    }

    private static Path authFile(Path dir, String... lines) throws IOException {
        Path file = dir.resolve("users");
        Files.write(file, List.of(lines));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static HttpResponse<String> get(HttpClient client, String url, String user, String password)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "read/io.memorymanager:type=JvmMemory/HeapUsedBytes"))
                .timeout(Duration.ofSeconds(20));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRequestNeedsTheRightPasswordAndGuessingDoesNotLockTheOperatorOut(@TempDir Path dir) throws Exception {
        Path users = authFile(dir, "# operators", PasswordFile.line("alice", "correct horse"), "");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (JolokiaBridge http = TestBridge.start(BridgeOptions.defaults().withPort(0).withAuthFile(users))) {
            assertThat(get(client, http.url(), null, null).statusCode()).isEqualTo(401);
            assertThat(get(client, http.url(), null, null).headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm=\"Memory Manager\""));
            assertThat(get(client, http.url(), "alice", "correct horse").statusCode()).isEqualTo(200);
            assertThat(get(client, http.url(), "alice", "wrong").statusCode()).isEqualTo(401);
            assertThat(get(client, http.url(), "mallory", "correct horse").statusCode()).isEqualTo(401);
            for (int i = 0; i < Logins.FREE_ATTEMPTS + 2; i++) {
                assertThat(get(client, http.url(), "alice", "guess" + i).statusCode()).isEqualTo(401);
            }
            assertThat(get(client, http.url(), "alice", "correct horse").statusCode())
                    .as("guessing is slowed down, but the operator who knows the password still gets in").isEqualTo(200);
        }
    }

    @Test
    void passwordFilesAreCheckedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path open = Files.writeString(dir.resolve("open"), PasswordFile.line("bob", "pw") + "\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> TestBridge.start(BridgeOptions.defaults().withPort(0).withAuthFile(open)))
                .hasMessage("authFile " + open + " must be readable by its owner only (chmod 600)");
        Path garbled = authFile(dir, "bob:plain:secret");
        assertThatThrownBy(() -> TestBridge.start(BridgeOptions.defaults().withPort(0).withAuthFile(garbled)))
                .hasMessageContaining("line 1 is not user:pbkdf2-sha256:iterations:salt:hash");
        assertThatThrownBy(() -> PasswordFile.line("a:b", "pw")).hasMessageContaining("without ':'");
    }

    @Test
    void aNetworkAddressNeedsAnAuthFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> BridgeOptions.parse("host=0.0.0.0,port=0"))
                .hasMessageContaining("host must be a loopback address (127.0.0.1, ::1, localhost) unless authFile is set");
        Path users = authFile(dir, PasswordFile.line("alice", "pw"));
        BridgeOptions options = BridgeOptions.parse("host=0.0.0.0,port=0,authFile=" + users);
        try (JolokiaBridge http = TestBridge.start(options)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String local = "http://127.0.0.1:" + http.port() + "/jolokia/";
            assertThat(get(client, local, null, null).statusCode()).isEqualTo(401);
            assertThat(get(client, local, "alice", "pw").statusCode()).isEqualTo(200);
            // on a network address a page of this machine is a page like any other: only allowOrigin lets it call
            HttpResponse<String> fromLocalPage = client.send(HttpRequest.newBuilder(URI.create(local
                    + "read/io.memorymanager:type=JvmMemory/HeapUsedBytes")).header("Origin", "http://127.0.0.1:10")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            "alice:pw".getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(fromLocalPage.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void httpsWithAKeystore(@TempDir Path dir) throws Exception {
        Path keystore = TestKeystore.generate(dir, "s3cret!");
        Path password = Files.writeString(dir.resolve("storepass"), "s3cret!\n");
        Path users = authFile(dir, PasswordFile.line("alice", "pw"));

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, "s3cret!".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl).build();

        try (JolokiaBridge http = TestBridge.start(BridgeOptions.defaults().withPort(0).withAuthFile(users)
                .withTls(keystore, password))) {
            assertThat(http.url()).startsWith("https://127.0.0.1:");
            HttpResponse<String> answer = get(client, http.url(), "alice", "pw");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"status\":200");
            HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> get(plain, http.url().replace("https:", "http:"), "alice", "pw"))
                    .as("plain HTTP to the TLS port gets no answer").isInstanceOf(IOException.class);
        }
        Path wrong = Files.writeString(dir.resolve("wrongpass"), "nope\n");
        assertThatThrownBy(() -> TestBridge.start(BridgeOptions.defaults().withPort(0).withTls(keystore, wrong)))
                .hasMessageContaining("keystore " + keystore + " cannot be used");
    }
}
