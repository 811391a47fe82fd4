package io.memorymanager.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleOptionsTest {

    @TempDir
    Path dir;

    @Test
    void oneUrlGivesOneAgentOnTheDefaultPortWithoutCredentials() {
        ConsoleOptions o = ConsoleOptions.parse("http://127.0.0.1:8778/jolokia/");
        assertThat(o.port()).isEqualTo(8080);
        assertThat(o.agents()).singleElement().satisfies(a -> {
            assertThat(a.url()).isEqualTo("http://127.0.0.1:8778/jolokia");
            assertThat(a.authorization()).isNull();
            assertThat(a.id()).isEqualTo("127.0.0.1-8778");
        });
        assertThat(o.discoverTokens()).isTrue();
    }

    @Test
    void credentialOptionsApplyToTheUrlsAfterThem() throws IOException {
        Path a = write("a.token", "token-a\n");
        Path b = write("b.password", "secret\nignored second line\n");
        ConsoleOptions o = ConsoleOptions.parse("--port", "0", "http://localhost:1/jolokia", "--token-file", a.toString(),
                "http://127.0.0.1:2/jolokia", "--user", "ops", "--password-file", b.toString(), "https://db1:3/jolokia");
        assertThat(o.port()).isZero();
        assertThat(o.agents()).extracting(AgentTarget::authorization).containsExactly(null, "Bearer token-a",
                "Basic " + Base64.getEncoder().encodeToString("ops:secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(o.agents().get(1).credentials()).isEqualTo("the access token in " + a);
        assertThat(o.proxyAllowlist()).isEqualTo("127.0.0.1,db1,localhost");
    }

    @Test
    void refusalsNameTheOptionOrUrlAtFault() throws IOException {
        Path empty = write("empty", "\n");
        assertThatThrownBy(ConsoleOptions::parse).hasMessageContaining("at least one agent");
        assertThatThrownBy(() -> ConsoleOptions.parse("--port", "70000", "http://h:1/")).hasMessage(
                "--port must be 0-65535, was '70000'");
        assertThatThrownBy(() -> ConsoleOptions.parse("--prot", "1")).hasMessage("unknown option '--prot'");
        assertThatThrownBy(() -> ConsoleOptions.parse("--token-file", empty.toString(), "http://h:1/"))
                .hasMessage("--token-file " + empty + " is empty");
        assertThatThrownBy(() -> ConsoleOptions.parse("--token-file", dir.resolve("missing").toString(), "http://h:1/"))
                .hasMessageStartingWith("--token-file " + dir.resolve("missing") + " cannot be read");
        assertThatThrownBy(() -> ConsoleOptions.parse("--user", "ops", "http://h:1/"))
                .hasMessage("--user ops needs --password-file before http://h:1/");
        assertThatThrownBy(() -> ConsoleOptions.parse("--password-file", empty.toString(), "http://h:1/"))
                .hasMessage("--password-file needs a --user before it");
        assertThatThrownBy(() -> ConsoleOptions.parse("http://h:1/jolokia", "http://H:1/jolokia/"))
                .hasMessage("the agent http://h:1/jolokia is given twice");
        assertThatThrownBy(() -> ConsoleOptions.parse("--port")).hasMessage("--port needs a value");
    }

    @Test
    void usageListsEveryOption() {
        String usage = ConsoleOptions.usage();
        for (ConsoleOptions.Option o : ConsoleOptions.OPTIONS) {
            assertThat(usage).contains(o.name()).contains(o.description());
        }
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
