package io.memorymanager.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgentTargetTest {

    @Test
    void pathDefaultsToJolokiaAndPortToTheSchemes() {
        assertThat(AgentTarget.parse("http://Host.Example").url()).isEqualTo("http://host.example:80/jolokia");
        assertThat(AgentTarget.parse("https://h/").url()).isEqualTo("https://h:443/jolokia");
        assertThat(AgentTarget.parse("http://h:8778/jolokia///").path()).isEqualTo("/jolokia");
        assertThat(AgentTarget.parse("http://h:8778/app/jolokia").id()).isEqualTo("h-8778-app-jolokia");
    }

    @Test
    void ipv6HostsLoseTheirBracketsButKeepThemInUrls() {
        AgentTarget a = AgentTarget.parse("http://[::1]:8778/jolokia");
        assertThat(a.host()).isEqualTo("::1");
        assertThat(a.url()).isEqualTo("http://[::1]:8778/jolokia");
        assertThat(a.isLoopback()).isTrue();
    }

    @Test
    void loopbackIsByNameOrAddress() {
        assertThat(AgentTarget.parse("http://localhost:1").isLoopback()).isTrue();
        assertThat(AgentTarget.parse("http://127.0.0.2:1").isLoopback()).isTrue();
        assertThat(AgentTarget.parse("http://10.0.0.1:1").isLoopback()).isFalse();
        assertThat(AgentTarget.parse("http://127.0.0.1.evil.example:1").isLoopback()).isFalse();
    }

    @Test
    void matchesItsOwnPathAndWhatIsBelowItOnly() {
        AgentTarget a = AgentTarget.parse("http://127.0.0.1:8778/jolokia");
        assertThat(a.matches("http", "127.0.0.1", 8778, "/jolokia")).isTrue();
        assertThat(a.matches("http", "127.0.0.1", 8778, "/jolokia/read/x")).isTrue();
        assertThat(a.matches("http", "127.0.0.1", 8778, "/jolokiax")).isFalse();
        assertThat(a.matches("http", "127.0.0.1", 8779, "/jolokia")).isFalse();
        assertThat(a.matches("https", "127.0.0.1", 8778, "/jolokia")).isFalse();
        assertThat(a.matches("http", "localhost", 8778, "/jolokia")).isFalse();
    }

    @Test
    void refusesWhatIsNotAPlainJolokiaUrl() {
        assertThatThrownBy(() -> AgentTarget.parse("ftp://h/")).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> AgentTarget.parse("http:///jolokia")).hasMessageContaining("needs a host");
        assertThatThrownBy(() -> AgentTarget.parse("http://u:p@h/jolokia")).hasMessageContaining("no user");
        assertThatThrownBy(() -> AgentTarget.parse("http://h/jolokia?x=1")).hasMessageContaining("no user, query");
        assertThatThrownBy(() -> AgentTarget.parse("http://h/a/../b")).hasMessageContaining("plain segments");
        assertThatThrownBy(() -> AgentTarget.parse("http://h/a%2fb")).hasMessageContaining("plain segments");
        assertThatThrownBy(() -> AgentTarget.parse("not a url")).hasMessageContaining("not a URL");
    }
}
