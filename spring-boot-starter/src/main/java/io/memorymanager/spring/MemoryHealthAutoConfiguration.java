package io.memorymanager.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code memory} health component (bean {@code memoryHealthIndicator}) from the Health MBean, on whichever
 * Spring Boot line runs: 4 (spring-boot-health) or 3 (spring-boot-actuator). {@code memory-manager.health.enabled},
 * and Actuator's own {@code management.health.memory.enabled}.
 */
@AutoConfiguration(after = MemoryManagerAutoConfiguration.class)
@ConditionalOnBean(MemoryManagerInstallation.class)
@ConditionalOnProperty(prefix = "memory-manager.health", name = "enabled", havingValue = "true",
        matchIfMissing = true)
public class MemoryHealthAutoConfiguration {

    static final String BOOT4 = "org.springframework.boot.health.contributor.HealthIndicator";
    static final String BOOT3 = "org.springframework.boot.actuate.health.HealthIndicator";

    /** Spring Boot 4. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = BOOT4)
    @ConditionalOnProperty(name = "management.health.memory.enabled", havingValue = "true", matchIfMissing = true)
    static class Boot4 {
        @Bean
        @ConditionalOnMissingBean(name = "memoryHealthIndicator")
        MemoryHealthIndicatorBoot4 memoryHealthIndicator(MemoryManagerInstallation installation) {
            return new MemoryHealthIndicatorBoot4(new MemoryHealth(installation));
        }
    }

    /** Spring Boot 3 (where Boot 4's class is absent). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = BOOT3)
    @ConditionalOnMissingClass(BOOT4)
    @ConditionalOnProperty(name = "management.health.memory.enabled", havingValue = "true", matchIfMissing = true)
    static class Boot3 {
        @Bean
        @ConditionalOnMissingBean(name = "memoryHealthIndicator")
        MemoryHealthIndicatorBoot3 memoryHealthIndicator(MemoryManagerInstallation installation) {
            return new MemoryHealthIndicatorBoot3(new MemoryHealth(installation));
        }
    }
}
