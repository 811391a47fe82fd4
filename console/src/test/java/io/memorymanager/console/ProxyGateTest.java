package io.memorymanager.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProxyGateTest {

    private final AgentTarget local = AgentTarget.parse("http://127.0.0.1:8778/jolokia");
    private final AgentTarget remote = AgentTarget.parse("https://db1:9000/app/jolokia").withAuthorization("Basic x", "u");
    private final ProxyGate gate = new ProxyGate(List.of(local, remote), () -> Set.of("http://127.0.0.1:8080"));

    @Test
    void findsTheAgentOfAHawtioConnectionPath() {
        assertThat(gate.target("/http/127.0.0.1/8778/jolokia")).isEqualTo(local);
        assertThat(gate.target("/http/127.0.0.1/8778/jolokia/read/java.lang:type=Memory")).isEqualTo(local);
        assertThat(gate.target("/https/DB1/9000/app/jolokia")).isEqualTo(remote);
    }

    @Test
    void findsNothingForAnyOtherPortHostPathOrForm() {
        assertThat(gate.target("/http/127.0.0.1/22/jolokia")).isNull();
        assertThat(gate.target("/http/127.0.0.1/8778/admin")).isNull();
        assertThat(gate.target("/http/169.254.169.254/80/jolokia")).isNull();
        assertThat(gate.target("/http/user:pw@127.0.0.1/8778/jolokia")).isNull();
        assertThat(gate.target("/http/127.0.0.1/8778/jolokia/../admin")).isNull();
        assertThat(gate.target("/127.0.0.1:8778/jolokia")).isNull();
        assertThat(gate.target("/http/127.0.0.1/x/jolokia")).isNull();
        assertThat(gate.target(null)).isNull();
        assertThat(gate.target("/enabled")).isNull();
    }
}
