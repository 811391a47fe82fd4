package io.memorymanager.spring;

import io.memorymanager.MemoryManager;
import io.memorymanager.breaker.CircuitBreaker;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.management.MBeanServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory Manager in this JVM, as the starter found it: installed by the starter (and closed with the application
 * context), or already running — the {@code -javaagent}, an attach, or another context — and then reused, never
 * installed twice. A reused one is reached through its MXBeans only: the agent's classes live in a class loader of
 * their own.
 */
public final class MemoryManagerInstallation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryManagerInstallation.class);

    private final MemoryManager installed;
    private final MBeanServer server;
    private final List<CircuitBreaker> breakers;

    private MemoryManagerInstallation(MemoryManager installed, MBeanServer server, List<CircuitBreaker> breakers) {
        this.installed = installed;
        this.server = server;
        this.breakers = breakers;
    }

    /** Reuses the Memory Manager registered in the platform MBeanServer, else installs one from {@code properties}. */
    public static MemoryManagerInstallation installOrReuse(MemoryManagerProperties properties) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (server.isRegistered(MemoryManager.HEALTH)) {
            LOG.info("Memory Manager already runs in this JVM (its agent, or another application context): reusing "
                    + "it; memory-manager.monitor, .leak and .breakers apply only where the starter installs it");
            if (!properties.getBreakers().isEmpty()) {
                LOG.warn("memory-manager.breakers {} not created: the running Memory Manager is not this "
                        + "application's to configure; create them where it was installed", properties.getBreakers()
                        .keySet());
            }
            return new MemoryManagerInstallation(null, server, List.of());
        }
        MemoryManager mm = MemoryManager.install(properties.toConfig(), server);
        List<CircuitBreaker> breakers = new ArrayList<>();
        try {
            for (Map.Entry<String, MemoryManagerProperties.Breaker> b : properties.getBreakers().entrySet()) {
                breakers.add(mm.circuitBreaker(b.getKey(), b.getValue().getLimitPercent()));
            }
        } catch (RuntimeException e) {
            mm.close();
            throw e;
        }
        LOG.info("Memory Manager installed: MXBeans io.memorymanager:type=* in the platform MBeanServer");
        return new MemoryManagerInstallation(mm, server, List.copyOf(breakers));
    }

    /** The Memory Manager the starter installed; empty when it reuses one that was already running. */
    public Optional<MemoryManager> installed() {
        return Optional.ofNullable(installed);
    }

    /** Whether the starter reuses a Memory Manager that was running before it. */
    public boolean reused() {
        return installed == null;
    }

    /** The MBeanServer its MXBeans are registered in. */
    public MBeanServer server() {
        return server;
    }

    /** The breakers of {@code memory-manager.breakers}, by the order they were given. */
    public List<CircuitBreaker> breakers() {
        return breakers;
    }

    /** Closes what the starter installed; a reused Memory Manager is left running. */
    @Override
    public void close() {
        if (installed != null) {
            installed.close();
        }
    }
}
