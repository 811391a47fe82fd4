package io.memorymanager.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.lang.management.ManagementFactory;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class HawtioPluginTest {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void registersWhatHawtiosPluginEndpointReadsAndUnregistersOnClose() throws Exception {
        ObjectName name = new ObjectName("hawtio:type=plugin,name=memoryManager");
        try (HawtioPlugin plugin = HawtioPlugin.register("/hawtio/memory-manager")) {
            assertThat(plugin).isNotNull();
            // as io.hawt.web.plugin.PluginServlet reads it
            var attributes = server.getAttributes(name, new String[] {"Url", "Scope", "Module", "RemoteEntryFileName",
                    "BustRemoteEntryCache", "PluginEntry"}).asList();
            assertThat(attributes).extracting(Attribute::getName, Attribute::getValue).containsExactly(
                    tuple("Url", "/hawtio/memory-manager"),
                    tuple("Scope", "memoryManager"),
                    tuple("Module", "./plugin"),
                    tuple("RemoteEntryFileName", "remoteEntry.js"),
                    tuple("BustRemoteEntryCache", null),
                    tuple("PluginEntry", "plugin"));
        }
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void aSecondRegistrationReplacesTheFirst() throws Exception {
        HawtioPlugin first = HawtioPlugin.register("/a/memory-manager");
        try (HawtioPlugin second = HawtioPlugin.register("/b/memory-manager")) {
            assertThat(second).isNotNull();
            assertThat(server.getAttribute(new ObjectName("hawtio:type=plugin,name=memoryManager"), "Url"))
                    .isEqualTo("/b/memory-manager");
            first.close();
            assertThat(server.isRegistered(new ObjectName("hawtio:type=plugin,name=memoryManager")))
                    .as("closing a replaced registration leaves the new one").isTrue();
        }
    }
}
