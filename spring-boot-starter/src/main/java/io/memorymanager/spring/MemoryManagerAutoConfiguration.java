package io.memorymanager.spring;

import io.memorymanager.MemoryManager;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Installs Memory Manager once, or reuses the one already running in the JVM. {@code memory-manager.enabled}. */
@AutoConfiguration
@ConditionalOnClass(MemoryManager.class)
@ConditionalOnProperty(prefix = "memory-manager", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MemoryManagerProperties.class)
public class MemoryManagerAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MemoryManagerInstallation memoryManagerInstallation(MemoryManagerProperties properties) {
        return MemoryManagerInstallation.installOrReuse(properties);
    }
}
