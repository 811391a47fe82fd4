package io.memorymanager.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluginAssetsTest {

    @Test
    void servesPlainNamesBelowThePluginDirectory() {
        assertThat(PluginAssets.resource("/remoteEntry.js")).isEqualTo("META-INF/resources/memory-manager/remoteEntry.js");
        assertThat(PluginAssets.resource("/static/js/123.abcdef12.chunk.js"))
                .isEqualTo("META-INF/resources/memory-manager/static/js/123.abcdef12.chunk.js");
        assertThat(PluginAssets.type("a.css")).startsWith("text/css");
    }

    @Test
    void servesNothingElse() {
        assertThat(PluginAssets.resource(null)).isNull();
        assertThat(PluginAssets.resource("/")).isNull();
        assertThat(PluginAssets.resource("/../../io/memorymanager/console/Console.class")).isNull();
        assertThat(PluginAssets.resource("/static/../x.js")).isNull();
        assertThat(PluginAssets.resource("/.hidden.js")).isNull();
        assertThat(PluginAssets.resource("//etc/passwd")).isNull();
        assertThat(PluginAssets.resource("/Console.class")).isNull();
        assertThat(PluginAssets.resource("/a%2e%2e/x.js")).isNull();
    }
}
