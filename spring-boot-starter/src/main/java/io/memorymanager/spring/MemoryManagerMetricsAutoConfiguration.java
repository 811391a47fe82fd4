package io.memorymanager.spring;

import io.memorymanager.micrometer.MemoryManagerMetrics;
import io.micrometer.core.instrument.Tags;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The Micrometer meters ({@link MemoryManagerMetrics}): a {@code MeterBinder} bean, which Spring Boot binds to its
 * registries. {@code memory-manager.metrics.enabled}.
 */
@AutoConfiguration(after = MemoryManagerAutoConfiguration.class)
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry",
        "io.memorymanager.micrometer.MemoryManagerMetrics"})
@ConditionalOnBean(MemoryManagerInstallation.class)
@ConditionalOnProperty(prefix = "memory-manager.metrics", name = "enabled", havingValue = "true",
        matchIfMissing = true)
public class MemoryManagerMetricsAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MemoryManagerMetrics memoryManagerMetrics(MemoryManagerInstallation installation) {
        return new MemoryManagerMetrics(installation.server(), Tags.empty());
    }
}
