package io.memorymanager.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memorymanager.MemoryManagerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeOptionsTest {

    @Test
    void filesThatDecideAccessMustNotBeWritableByOthersAndSecretsNotReadable(@TempDir Path dir) throws IOException {
        Path policy = Files.writeString(dir.resolve("policy.xml"), "<restrict/>");
        Files.setPosixFilePermissions(policy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> BridgeOptions.parse("policy=" + policy))
                .hasMessage("policy " + policy + " must not be writable by others than its owner (chmod go-w)");
        Files.setPosixFilePermissions(policy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(BridgeOptions.parse("policy=" + policy).policyFile()).isEqualTo(policy);

        Path password = Files.writeString(dir.resolve("ks.password"), "secret\n");
        Path keystore = Files.writeString(dir.resolve("ks.p12"), "x");
        Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> BridgeOptions.parse("keystore=" + keystore + ",keystorePasswordFile=" + password))
                .hasMessage("keystorePasswordFile " + password + " must be readable by its owner only (chmod 600)");
        Files.setPosixFilePermissions(keystore, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> BridgeOptions.parse("keystore=" + keystore + ",keystorePasswordFile=" + password))
                .hasMessageStartingWith("keystore " + keystore + " must not be writable");
    }


    @Test
    void noArgumentsMeanLoopbackPort8778WithJolokia() {
        assertThat(BridgeOptions.parse(null)).isEqualTo(BridgeOptions.defaults());
        assertThat(BridgeOptions.parse("  ")).isEqualTo(BridgeOptions.defaults());
        BridgeOptions d = BridgeOptions.defaults();
        assertThat(d.host()).isEqualTo("127.0.0.1");
        assertThat(d.port()).isEqualTo(8778);
        assertThat(d.jolokia()).isTrue();
        assertThat(d.policyFile()).isNull();
    }

    @Test
    void optionsAreKeyValuePairs(@TempDir Path dir) throws IOException {
        Path policy = Files.writeString(dir.resolve("policy.xml"), "<restrict/>");
        BridgeOptions o = BridgeOptions.parse(
                "port=0, host=localhost,jolokia=false,threads=2,sampleIntervalMillis=250,policy=" + policy);
        assertThat(o.port()).isZero();
        assertThat(o.host()).isEqualTo("localhost");
        assertThat(o.jolokia()).isFalse();
        assertThat(o.threads()).isEqualTo(2);
        assertThat(o.sampleInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(o.policyFile()).isEqualTo(policy);
        assertThat(o.memoryManagerConfig().monitor().sampleInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(BridgeOptions.parse("outputDir=" + dir).memoryManagerConfig().profiler().outputDirectory())
                .isEqualTo(dir);
        MemoryManagerConfig leak = BridgeOptions.parse("leakWindowSeconds=120,leakSampleIntervalMillis=500")
                .memoryManagerConfig();
        assertThat(leak.leakWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(leak.leakSampleInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(BridgeOptions.parse("leakWindowSeconds=60").memoryManagerConfig().leakSampleInterval())
                .as("the default interval shrinks to fit a short window").isEqualTo(Duration.ofMillis(7500));
        assertThat(BridgeOptions.parse("").memoryManagerConfig().leakWindow()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void nonLoopbackHostIsRefused() {
        assertThatThrownBy(() -> BridgeOptions.parse("host=0.0.0.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host must be a loopback address")
                .hasMessageContaining("was '0.0.0.0'");
    }

    @Test
    void badOptionsNameTheOptionAndValue() throws IOException {
        assertThatThrownBy(() -> BridgeOptions.parse("prot=1"))
                .hasMessage("unknown option 'prot'; known options: host, port, jolokia, policy, threads, "
                        + "sampleIntervalMillis, outputDir, leakWindowSeconds, leakSampleIntervalMillis, authFile, keystore, "
                        + "keystorePasswordFile, jmxPort, jmxPasswordFile, jmxAccessFile, jmxAuthenticate, allowOrigin, allowHost, "
                        + "cgroupRoot, config, budgetActions");
        Path users = Files.createTempFile("users", "", java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        assertThatThrownBy(() -> BridgeOptions.parse("jmxAuthenticate=false,host=0.0.0.0,authFile=" + users))
                .hasMessageContaining("jmxAuthenticate=false is only allowed on a loopback host");
        assertThatThrownBy(() -> BridgeOptions.parse("allowOrigin=evil.example"))
                .hasMessage("allowOrigin must be scheme://host:port in lower case, was 'evil.example'");
        assertThat(BridgeOptions.parse("allowOrigin=http://127.0.0.1:8080 HTTP://LOCALHOST:8080").allowedOrigins())
                .containsExactlyInAnyOrder("http://127.0.0.1:8080", "http://localhost:8080");
        assertThatThrownBy(() -> BridgeOptions.parse("jmxPort=70000")).hasMessage("jmxPort must be between 0 and 65535, was 70000");
        assertThatThrownBy(() -> BridgeOptions.parse("port=eighty")).hasMessage("port must be a whole number, was 'eighty'");
        assertThatThrownBy(() -> BridgeOptions.parse("port=70000")).hasMessage("port must be between 0 and 65535, was 70000");
        assertThatThrownBy(() -> BridgeOptions.parse("port")).hasMessage("option must be key=value, was 'port'");
        assertThatThrownBy(() -> BridgeOptions.parse("port=1,port=2")).hasMessage("option 'port' given twice");
        assertThatThrownBy(() -> BridgeOptions.parse("jolokia=maybe")).hasMessage("jolokia must be true or false, was 'maybe'");
        assertThatThrownBy(() -> BridgeOptions.parse("threads=0")).hasMessage("threads must be between 1 and 64, was 0");
        assertThatThrownBy(() -> BridgeOptions.parse("sampleIntervalMillis=5"))
                .hasMessage("sampleIntervalMillis must be between 10 and 3600000, was 5");
        assertThatThrownBy(() -> BridgeOptions.parse("leakWindowSeconds=30"))
                .hasMessage("leakWindowSeconds must be between 60 and 86400, was 30");
        assertThatThrownBy(() -> BridgeOptions.parse("leakWindowSeconds=60,leakSampleIntervalMillis=9000"))
                .hasMessage("leakSampleIntervalMillis must be between 10 and an eighth of the leak window (7500), "
                        + "was 9000");
        assertThatThrownBy(() -> BridgeOptions.parse("policy=/no/such/policy.xml"))
                .hasMessage("policy is missing or unreadable: /no/such/policy.xml");
    }

    @Test
    void aConfigFileLiesBetweenTheDefaultsAndTheArguments(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("mm.properties"), """
                # what every JVM of this service runs with
                port = 9001
                threads=2
                leakWindowSeconds=120
                """);
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        BridgeOptions o = BridgeOptions.parse("config=" + config + ",threads=3");
        assertThat(o.port()).as("from the file").isEqualTo(9001);
        assertThat(o.threads()).as("the argument wins").isEqualTo(3);
        assertThat(o.leakWindow()).isEqualTo(Duration.ofSeconds(120));
        assertThat(o.leakSampleInterval()).as("a default, as a shorter window makes it").isEqualTo(Duration.ofSeconds(10));
        assertThat(o.host()).as("a default").isEqualTo(BridgeOptions.DEFAULT_HOST);
        // the file's values are judged as arguments are
        Files.writeString(config, "threads=99\n");
        assertThatThrownBy(() -> BridgeOptions.parse("config=" + config))
                .hasMessage("threads must be between 1 and 64, was 99");
    }

    @Test
    void aConfigFileThatIsMissingForeignOrWritableByOthersIsRefused(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> BridgeOptions.parse("config=" + dir.resolve("none.properties")))
                .hasMessage("config file is missing or unreadable: " + dir.resolve("none.properties"));
        Path unknown = Files.writeString(dir.resolve("unknown.properties"), "prot=9001\n");
        assertThatThrownBy(() -> BridgeOptions.parse("config=" + unknown))
                .hasMessageStartingWith("unknown option 'prot' in config file " + unknown);
        Path nested = Files.writeString(dir.resolve("nested.properties"), "config=/etc/other\n");
        assertThatThrownBy(() -> BridgeOptions.parse("config=" + nested))
                .hasMessageStartingWith("unknown option 'config' in config file");
        Path open = Files.writeString(dir.resolve("open.properties"), "port=1\n");
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> BridgeOptions.parse("config=" + open)).hasMessageContaining("config")
                .hasMessageContaining("writable");
    }

    @Test
    void everyOptionIsDefinedOnceAndParseAcceptsExactlyThose() {
        assertThat(BridgeOptions.OPTIONS).extracting(BridgeOptions.Option::key).doesNotHaveDuplicates();
        for (BridgeOptions.Option o : BridgeOptions.OPTIONS) {
            assertThat(o.description()).as(o.key()).isNotBlank().doesNotContain("\n");
            assertThat(o.shownDefault()).as(o.key()).isNotBlank();
            // Most need a real value to parse; what matters is that the key itself is known.
            try {
                BridgeOptions.parse(o.key() + "=x");
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).as(o.key()).doesNotStartWith("unknown option");
            }
        }
        assertThatThrownBy(() -> BridgeOptions.parse("attempt=1")).hasMessageStartingWith("unknown option 'attempt'");
    }

    @Test
    void theDefaultsAndTheRangesAreTheDefinitionsOwn() {
        BridgeOptions defaults = BridgeOptions.defaults();
        for (BridgeOptions.Option o : BridgeOptions.OPTIONS) {
            if (o.kind() == BridgeOptions.Kind.LAYER) {
                continue;
            }
            assertThat(defaults.value(o.key())).as(o.key()).isEqualTo(o.defaultValue());
            if (o.kind() == BridgeOptions.Kind.INTEGER) {
                assertThatThrownBy(() -> BridgeOptions.parse(o.key() + "=" + (o.min() - 1))).as(o.key())
                        .hasMessage(o.key() + (o.max() == Integer.MAX_VALUE ? " must be at least " + o.min()
                                : " must be between " + o.min() + " and " + o.max()) + ", was " + (o.min() - 1));
                assertThat(BridgeOptions.parse(o.key() + "=" + o.min()).value(o.key())).as(o.key())
                        .isEqualTo((int) o.min());
                if (o.max() < Integer.MAX_VALUE) {
                    assertThatThrownBy(() -> BridgeOptions.parse(o.key() + "=" + (o.max() + 1))).as(o.key())
                            .hasMessageContaining(o.key() + " must be between");
                }
            }
        }
        // a copy changed in code is checked as a parsed one is
        assertThatThrownBy(() -> defaults.withPort(70000)).hasMessage("port must be between 0 and 65535, was 70000");
        assertThat(defaults.withPort(0).port()).isZero();
        assertThat(defaults.withPort(0).withPort(BridgeOptions.DEFAULT_PORT)).isEqualTo(defaults);
    }

    @Test
    void theAttachToolsUsageListsEveryOptionWithItsDefault() {
        String usage = Agent.optionsHelp();
        for (BridgeOptions.Option o : BridgeOptions.OPTIONS) {
            assertThat(usage).as(o.key()).containsPattern("(?m)^  " + o.key() + " +\\S.*\\(default: .+\\)$");
        }
        assertThat(usage.lines()).hasSize(BridgeOptions.OPTIONS.size());
    }

    @Test
    void theReadmesOptionTableIsTheOptionsDefinition() throws IOException {
        Path readme = Path.of(System.getProperty("basedir", ".")).resolve("../README.md");
        java.util.List<String> lines = Files.readAllLines(readme);
        int header = lines.indexOf("| option | meaning | default |");
        assertThat(header).as("the option table's header in " + readme).isNotNegative();
        java.util.List<String> table = new java.util.ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            table.add(lines.get(i));
        }
        java.util.List<String> expected = BridgeOptions.OPTIONS.stream()
                .map(o -> "| `" + o.key() + "` | " + o.description() + " | " + o.shownDefault() + " |").toList();
        assertThat(table).as("README.md's option table; it should read:%n%s", String.join("\n", expected))
                .isEqualTo(expected);
    }
}
