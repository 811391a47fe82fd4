package io.memorymanager.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTokensTest {

    @TempDir
    Path dir;

    @Test
    void aLoopbackAgentGetsTheTokenOfTheJvmServingItsPortAndPath() throws IOException {
        Path token = Files.writeString(dir.resolve("access.token"), "s3cret\n");
        Properties other = agent("http://127.0.0.1:9999/jolokia/", dir.resolve("other.token"));
        Properties mine = agent("http://127.0.0.1:8778/jolokia/", token);
        AgentTarget found = LocalTokens.match(AgentTarget.parse("http://localhost:8778/jolokia"), List.of(other, mine));
        assertThat(found.authorization()).isEqualTo("Bearer s3cret");
        assertThat(found.credentials()).contains(token.toString());
    }

    @Test
    void anAgentNoLocalJvmServesStaysWithoutCredentials() {
        AgentTarget agent = AgentTarget.parse("http://127.0.0.1:8778/jolokia");
        assertThat(LocalTokens.match(agent, List.of(agent("http://127.0.0.1:8779/jolokia/", dir.resolve("t")))))
                .isEqualTo(agent);
        assertThat(LocalTokens.match(agent, List.of(new Properties()))).isEqualTo(agent);
    }

    @Test
    void aTokenFileThatCannotBeReadLeavesTheAgentWithoutCredentials() {
        AgentTarget agent = AgentTarget.parse("http://127.0.0.1:8778/jolokia");
        assertThat(LocalTokens.match(agent, List.of(agent("http://127.0.0.1:8778/jolokia/", dir.resolve("gone")))))
                .isEqualTo(agent);
    }

    private static Properties agent(String url, Path token) {
        Properties p = new Properties();
        p.setProperty(LocalTokens.URL, url);
        p.setProperty(LocalTokens.TOKEN, token.toString());
        return p;
    }
}
