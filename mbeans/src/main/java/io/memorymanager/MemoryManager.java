package io.memorymanager;

import io.memorymanager.breaker.CircuitBreaker;
import io.memorymanager.breaker.CircuitBreakerMXBean;
import io.memorymanager.breaker.HeapAfterGc;
import io.memorymanager.budget.MemoryBudget;
import io.memorymanager.budget.MemoryBudgetMXBean;
import io.memorymanager.cache.CacheChange;
import io.memorymanager.cache.CacheRegistry;
import io.memorymanager.health.Health;
import io.memorymanager.health.HealthMXBean;
import io.memorymanager.health.PressureReactions;
import io.memorymanager.internal.DescribedMBean;
import io.memorymanager.internal.ObjectNames;
import io.memorymanager.internal.Registrar;
import io.memorymanager.jvm.JvmMemory;
import io.memorymanager.jvm.JvmMemoryMXBean;
import io.memorymanager.leak.LeakDetector;
import io.memorymanager.leak.LeakDetectorMXBean;
import io.memorymanager.leak.LeakSources;
import io.memorymanager.monitor.Monitor;
import io.memorymanager.monitor.MonitorMXBean;
import io.memorymanager.monitor.PressureLevel;
import io.memorymanager.optimize.Optimizer;
import io.memorymanager.optimize.OptimizerMXBean;
import io.memorymanager.pool.PoolRegistry;
import io.memorymanager.profile.ExportedFile;
import io.memorymanager.profile.Profiler;
import io.memorymanager.profile.ProfilerMXBean;
import io.memorymanager.system.SystemMemory;
import io.memorymanager.system.SystemMemoryMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

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

    /** A system property set to {@code true} while a MemoryManager is installed in this JVM. */
    public static final String INSTALLED_PROPERTY = "io.memorymanager.installed";
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
    /** {@code io.memorymanager:type=Optimizer}. */
    public static final ObjectName OPTIMIZER = ObjectNames.of("Optimizer");
    /** {@code io.memorymanager:type=Health}. */
    public static final ObjectName HEALTH = ObjectNames.of("Health");
    /** {@code io.memorymanager:type=MemoryBudget}. */
    public static final ObjectName MEMORY_BUDGET = ObjectNames.of("MemoryBudget");

    private final SystemMemory systemMemory;
    private final JvmMemory jvmMemory;
    private final Monitor monitor;
    private final Profiler profiler;
    private final LeakDetector leakDetector;
    private final CacheRegistry caches;
    private final PoolRegistry pools;
    private final Optimizer optimizer;
    private HeapAfterGc heapAfterGc;   // followed only once a breaker needs it: guarded by this
    private final Map<String, CircuitBreaker> breakers = new ConcurrentSkipListMap<>();
    private final PressureReactions reactions;
    private final Health health;
    private final MemoryBudget memoryBudget;
    private final MBeanServer server;
    private final Registrar registrar;
    /** What the application registered through {@link #registerMBean}. */
    private final Set<ObjectName> applicationMBeans = ConcurrentHashMap.newKeySet();

    private MemoryManager(MemoryManagerConfig config, MBeanServer server) {
        this.systemMemory = new SystemMemory(config.systemCacheDuration());
        this.jvmMemory = new JvmMemory();
        this.monitor = new Monitor(systemMemory, jvmMemory, config.monitor(), MONITOR);
        this.profiler = new Profiler(config.profiler());
        this.leakDetector = new LeakDetector(LeakSources.platform(jvmMemory, profiler), config.leakWindow(),
                config.leakSampleInterval(), LEAK_DETECTOR);
        this.server = server;
        this.caches = new CacheRegistry(server);
        this.pools = new PoolRegistry(ManagementFactory.getPlatformMBeanServer());
        // read afresh, not from the cached reading: trimNativeHeap reports the resident set before and after
        this.optimizer = new Optimizer(caches, pools, config.optimizerCooldown(), systemMemory::residentBytes);
        this.reactions = new PressureReactions();
        // the budget's trend is judged like the heap floor's: over the leak detector's window and sampling
        this.memoryBudget = new MemoryBudget(config.cgroupRoot(), systemMemory::physicalBytes,
                systemMemory::residentBytes, MEMORY_BUDGET, config.leakWindow(), config.leakSampleInterval());
        this.health = new Health(monitor::getPressureLevel, monitor::getPressureCause, leakDetector::getFindings,
                breakers::values, memoryBudget::getLevel, memoryBudget::levelReason, reactions);
        monitor.onLevelChange(reactions::levelChanged);
        this.registrar = new Registrar(server);
        registrar.register(SYSTEM_MEMORY, DescribedMBean.of(systemMemory, SystemMemoryMXBean.class));
        registrar.register(JVM_MEMORY, DescribedMBean.of(jvmMemory, JvmMemoryMXBean.class));
        registrar.register(MONITOR, DescribedMBean.of(monitor, MonitorMXBean.class));
        registrar.register(PROFILER, DescribedMBean.of(profiler, ProfilerMXBean.class));
        registrar.register(LEAK_DETECTOR, DescribedMBean.of(leakDetector, LeakDetectorMXBean.class));
        registrar.register(OPTIMIZER, DescribedMBean.of(optimizer, OptimizerMXBean.class));
        registrar.register(HEALTH, DescribedMBean.of(health, HealthMXBean.class));
        registrar.register(MEMORY_BUDGET, DescribedMBean.of(memoryBudget, MemoryBudgetMXBean.class));
        monitor.start();
        leakDetector.start();
        lastChances(config.budgetActions());
        memoryBudget.start();
        // the attach tool reads this from outside (AttachCli): Memory Manager runs here, embedded by the
        // application, and a second install by the agent is refused
        System.setProperty(INSTALLED_PROPERTY, "true");
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

    /** The object pools Memory Manager manages: those with an MBean in the platform MBeanServer. */
    public PoolRegistry pools() {
        return pools;
    }

    /** The caches Memory Manager may shed; {@code caches().register(name, cache)} adds one. */
    public CacheRegistry caches() {
        return caches;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    // What the application (or the agent option budgetActions) asked to happen before a predicted OOM kill.
    private void lastChances(Set<String> actions) {
        if (actions.contains("heapDump")) {
            memoryBudget.onCritical("heap dump", Duration.ofHours(1), () -> {
                ExportedFile f = profiler.dumpHeap(true);
                return String.format("wrote %s (%.1f MB) to %s", f.name(), f.sizeBytes() / 1048576.0, f.path());
            });
        }
        if (actions.contains("jfrDump")) {
            memoryBudget.onCritical("JFR dump", Duration.ofHours(1), () -> {
                ExportedFile f = profiler.dumpFlightRecordings();
                return String.format("wrote %s (%.1f MB) to %s", f.name(), f.sizeBytes() / 1048576.0, f.path());
            });
        }
        if (actions.contains("trimNative")) {
            memoryBudget.onCritical("trim native heap", Duration.ZERO, () -> optimizer.trimNativeHeap().message());
        }
        if (actions.contains("clearCaches")) {
            memoryBudget.onCritical("clear caches", Duration.ZERO, () -> {
                List<CacheChange> changes = caches.clearAll();
                long bytes = changes.stream().mapToLong(CacheChange::releasedBytes).filter(b -> b > 0).sum();
                return String.format("cleared %d caches, ~%.1f MB by their own estimates", changes.size(),
                        bytes / 1048576.0);
            });
        }
    }

    public MemoryBudget memoryBudget() {
        return memoryBudget;
    }

    public Health health() {
        return health;
    }

    /**
     * A circuit breaker refusing work that would take heap after GC past {@code limitPercent} (10-99) of the
     * maximum heap, registered as {@code io.memorymanager:type=CircuitBreaker,name=<name>}; it sheds the registered
     * caches before it trips. Closing it unregisters it.
     *
     * @throws IllegalArgumentException for a name already taken or a limit out of range
     * @throws IllegalStateException when the JVM has no maximum heap
     */
    public synchronized CircuitBreaker circuitBreaker(String name, double limitPercent) {
        ObjectName objectName = ObjectNames.of("CircuitBreaker", name);
        long max = jvmMemory.getHeapMaxBytes();
        if (max <= 0) {
            throw new IllegalStateException("a circuit breaker needs a maximum heap (-Xmx); this JVM has none");
        }
        if (heapAfterGc == null) {
            heapAfterGc = new HeapAfterGc();
        }
        HeapAfterGc afterGc = heapAfterGc;
        CircuitBreaker breaker = new CircuitBreaker(name, limitPercent, afterGc::bytes, max, caches, objectName);
        if (breakers.putIfAbsent(name, breaker) != null) {
            throw new IllegalArgumentException("a circuit breaker named '" + name + "' already exists");
        }
        Registrar own = new Registrar(server);
        own.register(objectName, DescribedMBean.of(breaker, CircuitBreakerMXBean.class));
        Runnable rejudge = breaker::evaluate;
        afterGc.onCollection(rejudge);
        breaker.onClose(() -> {
            afterGc.removeListener(rejudge);
            breakers.remove(name, breaker);
            own.close();
        });
        return breaker;
    }

    /**
     * Registers an application's own MXBean beside Memory Manager's, as
     * {@code io.memorymanager:type=<type>,name=<name>}, with the {@link Description} texts of
     * {@code mxbeanInterface} in its MBeanInfo (JConsole, VisualVM and Hawtio show them, as for Memory Manager's
     * own); {@link #close()} unregisters it, as does {@link #unregisterMBean}.
     *
     * @param type a word ({@code Demo}, {@code OrderBook}): letters and digits, starting with a letter
     * @return the name it is registered under
     * @throws IllegalArgumentException for a bad type or name, an interface method without a {@link Description},
     *     or a name already registered
     */
    public <T> ObjectName registerMBean(String type, String name, T impl, Class<T> mxbeanInterface) {
        Objects.requireNonNull(impl, "impl");
        Objects.requireNonNull(mxbeanInterface, "mxbeanInterface");
        if (type == null || !type.matches("[A-Za-z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("type must be a word of letters and digits, was '" + type + "'");
        }
        ObjectName objectName = ObjectNames.of(type, name);
        if (server.isRegistered(objectName)) {
            throw new IllegalArgumentException(objectName + " is already registered");
        }
        StandardMBean mbean = DescribedMBean.of(impl, mxbeanInterface);
        try {
            server.registerMBean(mbean, objectName);
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalArgumentException(objectName + " is already registered", e);
        } catch (JMException | RuntimeException e) {
            // a missing description surfaces here, wrapped by the MBean server
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("could not register " + objectName + ": " + cause.getMessage(), e);
        }
        applicationMBeans.add(objectName);
        return objectName;
    }

    /** Unregisters an MBean {@link #registerMBean} registered; false when it was not (or is gone already). */
    public boolean unregisterMBean(ObjectName name) {
        if (!applicationMBeans.remove(name)) {
            return false;
        }
        try {
            server.unregisterMBean(name);
            return true;
        } catch (JMException e) {
            return false;
        }
    }

    /**
     * Runs {@code action} off the monitor's thread each time memory pressure rises to {@code level} or above;
     * listed in {@code Health.Reactions}.
     */
    public PressureReactions.Registration onPressure(PressureLevel level, String name, Runnable action) {
        return reactions.register(name, level, action);
    }

    /** Stops the monitor, stops following GC notifications and unregisters the MBeans this install registered. */
    @Override
    public void close() {
        for (CircuitBreaker b : List.copyOf(breakers.values())) {
            b.close();
        }
        reactions.close();
        synchronized (this) {
            if (heapAfterGc != null) {
                heapAfterGc.close();
            }
        }
        caches.close();
        monitor.close();
        leakDetector.close();
        memoryBudget.close();
        profiler.close();
        jvmMemory.close();
        for (ObjectName name : List.copyOf(applicationMBeans)) {
            unregisterMBean(name);
        }
        registrar.close();
        System.clearProperty(INSTALLED_PROPERTY);
    }
}
