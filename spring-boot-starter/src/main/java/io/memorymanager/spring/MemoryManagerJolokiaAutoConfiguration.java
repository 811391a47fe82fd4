package io.memorymanager.spring;

import io.memorymanager.bridge.BridgeOptions;
import io.memorymanager.bridge.JolokiaBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Starts the Jolokia bridge when {@code memory-manager.jolokia.enabled=true} and memory-manager-jolokia-bridge is
 * on the class path, with the agent's options ({@code memory-manager.jolokia.options}); its access token goes to
 * the profiler's owner-only output directory. Not where the agent runs Memory Manager: the agent serves its own.
 */
@AutoConfiguration(after = MemoryManagerAutoConfiguration.class)
@ConditionalOnClass(name = "io.memorymanager.bridge.JolokiaBridge")
@ConditionalOnBean(MemoryManagerInstallation.class)
@ConditionalOnProperty(prefix = "memory-manager.jolokia", name = "enabled", havingValue = "true")
public class MemoryManagerJolokiaAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryManagerJolokiaAutoConfiguration.class);

    /** The bridge, or nothing to close where the reused Memory Manager serves its own. */
    @Bean(destroyMethod = "close")
    public AutoCloseable memoryManagerJolokia(MemoryManagerInstallation installation,
            MemoryManagerProperties properties) {
        BridgeOptions options = BridgeOptions.parse(properties.getJolokia().getOptions());
        if (installation.installed().isEmpty()) {
            LOG.warn("memory-manager.jolokia.enabled: not started here, Memory Manager was already running in this JVM "
                    + "(the agent, an attach or another context): Jolokia is whoever started it to serve");
            return () -> { };
        }
        JolokiaBridge bridge = JolokiaBridge.start(options,
                installation.installed().get().profiler().openOutputDirectory());
        LOG.info("Memory Manager's Jolokia bridge at {}", bridge.url());
        return bridge;
    }
}
