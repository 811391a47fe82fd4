package io.memorymanager.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StartPageTest {

    @Test
    void presetsOneConnectionPerAgentAndOpensTheOnlyOne() {
        String page = StartPage.page(List.of(AgentTarget.parse("http://127.0.0.1:8778/jolokia/")));
        assertThat(page).contains("\"127.0.0.1-8778\":{\"id\":\"127.0.0.1-8778\",\"name\":\"127.0.0.1-8778\","
                + "\"scheme\":\"http\",\"host\":\"127.0.0.1\",\"port\":8778,\"path\":\"/jolokia\"}");
        assertThat(page).contains("localStorage.setItem('connect.connections'");
        assertThat(page).contains("location.replace(\"/hawtio/memory?con=127.0.0.1-8778\")");
    }

    @Test
    void listsManyAgentsWithoutOpeningOne() {
        String page = StartPage.page(List.of(AgentTarget.parse("http://a:1/jolokia"), AgentTarget.parse("http://b:2/jolokia")));
        assertThat(page).contains("href=\"/hawtio/memory?con=a-1\"").contains("href=\"/hawtio/memory?con=b-2\"");
        assertThat(page).doesNotContain("location.replace");
    }

    @Test
    void jsonStringsCannotCloseTheScript() {
        assertThat(Json.string("</script><b>\"\\\u2028")).isEqualTo("\"\\u003c/script\\u003e\\u003cb\\u003e\\\"\\\\\\u2028\"");
        assertThat(Json.html("<a href=\"x\">&")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;");
    }
}
