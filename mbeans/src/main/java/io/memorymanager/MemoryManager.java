package io.memorymanager;

import io.memorymanager.internal.DescribedMBean;
import io.memorymanager.internal.ObjectNames;
import io.memorymanager.internal.Registrar;
import io.memorymanager.jvm.JvmMemory;
import io.memorymanager.leak.LeakDetector;
import io.memorymanager.leak.LeakDetectorMXBean;
import io.memorymanager.leak.LeakSources;
import io.memorymanager.jvm.JvmMemoryMXBean;
import io.memorymanager.monitor.Monitor;
import io.memorymanager.monitor.MonitorMXBean;
import io.memorymanager.profile.Profiler;
import io.memorymanager.profile.ProfilerMXBean;
import io.memorymanager.system.SystemMemory;
import io.memorymanager.system.SystemMemoryMXBean;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Entry point for embedding Memory Manager: {@link #install()} registers its MXBeans in the platform
 * MBeanServer and starts the monitor; {@link #close()} stops it and unregisters them.
 *
 * <pre>{@code
 * try (MemoryManager mm = MemoryManager.install()) {
 *     runApplication();
 * }
 * }</pre>
 *
 * Installing never throws into the application for a JMX problem: an MBean whose name is taken (say, a second
 * install in the same JVM) is logged and skipped.
 */
public final class MemoryManager implements AutoCloseable {

    /** {@code io.memorymanager:type=SystemMemory}. */
    public static final ObjectName SYSTEM_MEMORY = ObjectNames.of("SystemMemory");
    /** {@code io.memorymanager:type=JvmMemory}. */
    public static final ObjectName JVM_MEMORY = ObjectNames.of("JvmMemory");
    /** {@code io.memorymanager:type=Monitor}. */
    public static final ObjectName MONITOR = ObjectNames.of("Monitor");
    /** {@code io.memorymanager:type=Profiler}. */
    public static final ObjectName PROFILER = ObjectNames.of("Profiler");
    /** {@code io.memorymanager:type=LeakDetector}. */
    public static final ObjectName LEAK_DETECTOR = ObjectNames.of("LeakDetector");

    private final SystemMemory systemMemory;
    private final JvmMemory jvmMemory;
    private final Monitor monitor;
    private final Profiler profiler;
    private final LeakDetector leakDetector;
    private final Registrar registrar;

    private MemoryManager(MemoryManagerConfig config, MBeanServer server) {
        this.systemMemory = new SystemMemory(config.systemCacheDuration());
        this.jvmMemory = new JvmMemory();
        this.monitor = new Monitor(systemMemory, jvmMemory, config.monitor(), MONITOR);
        this.profiler = new Profiler(config.profiler());
        this.leakDetector = new LeakDetector(LeakSources.platform(jvmMemory, profiler), config.leakWindow(),
                config.leakSampleInterval(), LEAK_DETECTOR);
        this.registrar = new Registrar(server);
        registrar.register(SYSTEM_MEMORY, DescribedMBean.of(systemMemory, SystemMemoryMXBean.class));
        registrar.register(JVM_MEMORY, DescribedMBean.of(jvmMemory, JvmMemoryMXBean.class));
        registrar.register(MONITOR, DescribedMBean.of(monitor, MonitorMXBean.class));
        registrar.register(PROFILER, DescribedMBean.of(profiler, ProfilerMXBean.class));
        registrar.register(LEAK_DETECTOR, DescribedMBean.of(leakDetector, LeakDetectorMXBean.class));
        monitor.start();
        leakDetector.start();
    }

    /** Installs with {@link MemoryManagerConfig#defaults()} in the platform MBeanServer. */
    public static MemoryManager install() {
        return install(MemoryManagerConfig.defaults());
    }

    /** Installs with {@code config} in the platform MBeanServer. */
    public static MemoryManager install(MemoryManagerConfig config) {
        return install(config, ManagementFactory.getPlatformMBeanServer());
    }

    /** Installs with {@code config} in {@code server}. */
    public static MemoryManager install(MemoryManagerConfig config, MBeanServer server) {
        return new MemoryManager(config, server);
    }

    public SystemMemory systemMemory() {
        return systemMemory;
    }

    public JvmMemory jvmMemory() {
        return jvmMemory;
    }

    public Monitor monitor() {
        return monitor;
    }

    public Profiler profiler() {
        return profiler;
    }

    public LeakDetector leakDetector() {
        return leakDetector;
    }

    /** Stops the monitor, stops following GC notifications and unregisters the MBeans this install registered. */
    @Override
    public void close() {
        monitor.close();
        leakDetector.close();
        profiler.close();
        jvmMemory.close();
        registrar.close();
    }
}
