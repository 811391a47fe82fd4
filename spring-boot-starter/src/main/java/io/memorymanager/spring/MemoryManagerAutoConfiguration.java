package io.memorymanager.spring;

import io.memorymanager.MemoryManager;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/** Installs Memory Manager once, or reuses the one already running in the JVM. {@code memory-manager.enabled}. */
@AutoConfiguration
@ConditionalOnClass(MemoryManager.class)
@ConditionalOnProperty(prefix = "memory-manager", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MemoryManagerProperties.class)
public class MemoryManagerAutoConfiguration implements BeanClassLoaderAware {

    static final String JOLOKIA_BRIDGE = "io.memorymanager.bridge.JolokiaBridge";

    private ClassLoader classLoader = getClass().getClassLoader();

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MemoryManagerInstallation memoryManagerInstallation(MemoryManagerProperties properties) {
        if (properties.getJolokia().isEnabled() && !ClassUtils.isPresent(JOLOKIA_BRIDGE, classLoader)) {
            throw new IllegalStateException("memory-manager.jolokia.enabled=true, but " + JOLOKIA_BRIDGE + " is not on "
                    + "the class path: add io.memorymanager:memory-manager-jolokia-bridge, or remove the property");
        }
        return MemoryManagerInstallation.installOrReuse(properties);
    }
}
