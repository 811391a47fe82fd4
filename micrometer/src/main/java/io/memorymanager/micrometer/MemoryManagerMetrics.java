package io.memorymanager.micrometer;

import io.memorymanager.breaker.BreakerState;
import io.memorymanager.breaker.CircuitBreakerMXBean;
import io.memorymanager.budget.BudgetLevel;
import io.memorymanager.budget.MemoryBudgetMXBean;
import io.memorymanager.cache.CacheMXBean;
import io.memorymanager.health.HealthMXBean;
import io.memorymanager.health.HealthStatus;
import io.memorymanager.jvm.JvmMemoryMXBean;
import io.memorymanager.leak.LeakDetectorMXBean;
import io.memorymanager.leak.Severity;
import io.memorymanager.monitor.MonitorMXBean;
import io.memorymanager.monitor.PressureLevel;
import io.memorymanager.pool.ObjectPoolMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.JMX;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.MalformedObjectNameException;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.relation.MBeanServerNotificationFilter;

/**
 * Micrometer meters for Memory Manager's headline figures, read from its MXBeans in an MBeanServer: those of a
 * {@code MemoryManager} this application installed, or those of the {@code -javaagent}, whose classes live in a
 * class loader of their own (MXBean proxies cross it; objects would not).
 *
 * <p>Names follow Micrometer's conventions (dot-separated, base units, {@link FunctionCounter} for monotonic counts);
 * a state (leak status, pressure, health, breaker, budget level) is one gauge per value, tagged with it, 1 for the
 * current one and 0 for the others. Pools, caches and breakers are tagged {@code pool}, {@code cache},
 * {@code breaker}; their meters appear when their MBean is registered and go when it is unregistered. A figure that
 * cannot be read (its MBean went between two scrapes) reads NaN: a scrape never fails because of us. Bind one
 * binder per registry: two on the same registry would share meters (Micrometer hands back the one registered
 * first), and closing one would remove them from under the other.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>meter</th><th>from</th></tr>
 * <tr><td>{@code memorymanager.leak.status{status}}, {@code .leak.score},
 *     {@code .leak.heap.growth} (bytes per second), {@code .leak.time.to.exhaustion} (s, NaN when none)</td>
 *     <td>LeakDetector</td></tr>
 * <tr><td>{@code memorymanager.heap.used}, {@code .heap.max}, {@code .heap.live.floor} (old generation after GC),
 *     {@code .heap.after.gc} (%), {@code .allocation.rate}, {@code .gc.overhead} (%)</td><td>JvmMemory</td></tr>
 * <tr><td>{@code memorymanager.pressure.level{level}}</td><td>Monitor</td></tr>
 * <tr><td>{@code memorymanager.health.status{status}}</td><td>Health</td></tr>
 * <tr><td>{@code memorymanager.budget.level{level}}, {@code .budget.headroom} (bytes), {@code .budget.headroom.percent},
 *     {@code .budget.limit} (bytes), {@code .budget.time.to.limit} (s, NaN when none)</td><td>MemoryBudget</td></tr>
 * <tr><td>{@code memorymanager.pool.size|max|active|idle|waiters}, {@code .pool.borrows|hits|misses} (counters),
 *     {@code .pool.borrow.wait} (timer of the borrows that waited)</td><td>ObjectPool, per pool</td></tr>
 * <tr><td>{@code memorymanager.cache.size}, {@code .cache.memory} (bytes), {@code .cache.hits|misses|clears}</td>
 *     <td>Cache, per cache</td></tr>
 * <tr><td>{@code memorymanager.breaker.state{state}}, {@code .breaker.trips|refusals}, {@code .breaker.limit} (bytes)</td>
 *     <td>CircuitBreaker, per breaker</td></tr>
 * </table>
 */
public final class MemoryManagerMetrics implements MeterBinder, AutoCloseable {

    /** Micrometer has no base unit for rates: bytes per second, as Prometheus names them. */
    static final String BYTES_PER_SECOND = "bytes.per.second";
    static final String PERCENT = "percent";

    private static final ObjectName DOMAIN = pattern("io.memorymanager:*");

    private final MBeanServer server;
    private final Tags tags;
    private final List<Binding> bindings = new CopyOnWriteArrayList<>();

    /** Over the platform MBeanServer, where Memory Manager and its agent register. */
    public MemoryManagerMetrics() {
        this(ManagementFactory.getPlatformMBeanServer(), Tags.empty());
    }

    /** Over {@code server}, with {@code tags} on every meter. */
    public MemoryManagerMetrics(MBeanServer server, Iterable<Tag> tags) {
        this.server = Objects.requireNonNull(server, "server");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Binding binding = new Binding(registry);
        MBeanServerNotificationFilter filter = new MBeanServerNotificationFilter();
        filter.enableAllObjectNames();
        try {
            // listen first, then look: an MBean registered in between is seen twice, and added once
            server.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, binding, filter, null);
        } catch (InstanceNotFoundException e) {
            throw new IllegalStateException("the MBeanServer has no delegate", e);
        }
        bindings.add(binding);
        for (ObjectName name : server.queryNames(DOMAIN, null)) {
            binding.add(name);
            if (!server.isRegistered(name)) {
                binding.remove(name);   // unregistered between the query and the add: its notification came first
            }
        }
    }

    /** Stops following registrations and removes every meter this binder added. */
    @Override
    public synchronized void close() {
        for (Binding b : bindings) {
            try {
                server.removeNotificationListener(MBeanServerDelegate.DELEGATE_NAME, b);
            } catch (InstanceNotFoundException | ListenerNotFoundException e) {
                // already gone
            }
            b.close();
            bindings.remove(b);
        }
    }

    /**
     * The meters of one registry, by the MBean they read, with the MXBean proxies they read through (held here:
     * Micrometer's function counters and timers hold theirs weakly). Notifications arrive on the thread that
     * registers or unregisters; adding, removing and closing take turns.
     */
    private final class Binding implements NotificationListener {
        private final MeterRegistry registry;
        private final Map<ObjectName, Entry> entries = new ConcurrentHashMap<>();
        private boolean closed;

        Binding(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void handleNotification(Notification n, Object handback) {
            if (!(n instanceof MBeanServerNotification)) {
                return;
            }
            ObjectName name = ((MBeanServerNotification) n).getMBeanName();
            if (!DOMAIN.apply(name)) {
                return;
            }
            if (MBeanServerNotification.REGISTRATION_NOTIFICATION.equals(n.getType())) {
                add(name);
            } else if (MBeanServerNotification.UNREGISTRATION_NOTIFICATION.equals(n.getType())) {
                remove(name);
            }
        }

        synchronized void add(ObjectName name) {
            if (closed || entries.containsKey(name)) {
                return;
            }
            Meters meters = new Meters(registry, name);
            meters.build();
            entries.put(name, new Entry(meters.into, meters.proxies));
        }

        synchronized void remove(ObjectName name) {
            Entry gone = entries.remove(name);
            if (gone != null) {
                gone.meters().forEach(registry::remove);
            }
        }

        synchronized void close() {
            closed = true;
            List.copyOf(entries.keySet()).forEach(this::remove);
        }
    }

    private record Entry(List<Meter> meters, List<Object> proxies) {
    }

    /** Builds the meters of one MBean into {@code into}. */
    private final class Meters {
        private final MeterRegistry registry;
        private final ObjectName name;
        private final List<Meter> into = new ArrayList<>();
        private final List<Object> proxies = new ArrayList<>();
        private Tags on = tags;

        Meters(MeterRegistry registry, ObjectName name) {
            this.registry = registry;
            this.name = name;
        }

        void build() {
            String type = name.getKeyProperty("type");
            String instance = name.getKeyProperty("name");
            if (type == null) {
                return;
            }
            switch (type) {
                case "LeakDetector" -> leakDetector(proxy(name, LeakDetectorMXBean.class));
                case "JvmMemory" -> jvmMemory(proxy(name, JvmMemoryMXBean.class));
                case "Monitor" -> states("memorymanager.pressure.level", "level", PressureLevel.values(),
                        proxy(name, MonitorMXBean.class), MonitorMXBean::getPressureLevel,
                        "The Monitor's memory pressure: 1 for the current level");
                case "Health" -> states("memorymanager.health.status", "status", HealthStatus.values(),
                        proxy(name, HealthMXBean.class), HealthMXBean::getStatus,
                        "Memory health: 1 for the current status");
                case "MemoryBudget" -> budget(proxy(name, MemoryBudgetMXBean.class));
                case "ObjectPool" -> {
                    if (instance != null) {
                        on = tags.and("pool", unquote(instance));
                        pool(proxy(name, ObjectPoolMXBean.class));
                    }
                }
                case "Cache" -> {
                    if (instance != null) {
                        on = tags.and("cache", unquote(instance));
                        cache(proxy(name, CacheMXBean.class));
                    }
                }
                case "CircuitBreaker" -> {
                    if (instance != null) {
                        on = tags.and("breaker", unquote(instance));
                        breaker(proxy(name, CircuitBreakerMXBean.class));
                    }
                }
                default -> {
                    // SystemMemory, Profiler, Optimizer: the JVM's and the OS's own binders cover what matters
                }
            }
        }

        private <T> T proxy(ObjectName mbean, Class<T> type) {
            T proxy = JMX.newMXBeanProxy(server, mbean, type);
            proxies.add(proxy);
            return proxy;
        }

        private void leakDetector(LeakDetectorMXBean leak) {
            states("memorymanager.leak.status", "status", Severity.values(), leak, LeakDetectorMXBean::getStatus,
                    "The leak detector's verdict: 1 for the current status");
            gauge("memorymanager.leak.score", leak, LeakDetectorMXBean::getLeakScore, null,
                    "Leak score, 0-100: NONE up to 20, INFO 21-49, WARNING 50-79, CRITICAL 80 and above");
            gauge("memorymanager.leak.heap.growth", leak, l -> l.getHeapGrowthBytesPerMinute() / 60.0,
                    BYTES_PER_SECOND, "Growth of the heap floor (the live set after GC), per second");
            gauge("memorymanager.leak.time.to.exhaustion", leak, l -> orNaN(l.getTimeToExhaustionSeconds()),
                    "seconds", "When the heap floor reaches the maximum heap at its rate; NaN when it does "
                            + "not grow");
        }

        private void jvmMemory(JvmMemoryMXBean jvm) {
            gauge("memorymanager.heap.used", jvm, JvmMemoryMXBean::getHeapUsedBytes, BaseUnits.BYTES,
                    "Heap in use, garbage included");
            gauge("memorymanager.heap.max", jvm, j -> orNaN(j.getHeapMaxBytes()), BaseUnits.BYTES, "Maximum heap");
            gauge("memorymanager.heap.live.floor", jvm, j -> orNaN(j.getOldGenUsedAfterGcBytes()), BaseUnits.BYTES,
                    "The live set: the old generation after the last collection that cut it");
            gauge("memorymanager.heap.after.gc", jvm, j -> orNaN(j.getHeapUsedAfterGcPercent()), PERCENT,
                    "Heap in use after the last collection, in percent of the maximum heap");
            gauge("memorymanager.allocation.rate", jvm, j -> orNaN(j.getAllocationRateBytesPerSecond()),
                    BYTES_PER_SECOND, "Allocation rate of all threads");
            gauge("memorymanager.gc.overhead", jvm, j -> orNaN(j.getGcOverheadPercent()), PERCENT,
                    "Share of wall time spent in collections, recently");
        }

        private void budget(MemoryBudgetMXBean budget) {
            states("memorymanager.budget.level", "level", BudgetLevel.values(), budget, MemoryBudgetMXBean::getLevel,
                    "The memory budget's level (process against its cgroup limit): 1 for the current level");
            gauge("memorymanager.budget.headroom", budget, b -> orNaN(b.getHeadroomBytes()), BaseUnits.BYTES,
                    "Room left under the memory limit");
            gauge("memorymanager.budget.headroom.percent", budget, b -> orNaN(b.getHeadroomPercent()), PERCENT,
                    "Room left under the memory limit, in percent of it");
            gauge("memorymanager.budget.limit", budget, b -> orNaN(b.getLimitBytes()), BaseUnits.BYTES,
                    "The memory limit the process runs under (cgroup, else physical memory)");
            gauge("memorymanager.budget.time.to.limit", budget, b -> orNaN(b.getTimeToLimitSeconds()), "seconds",
                    "When the process reaches its limit at its trend; NaN when it does not rise");
        }

        private void pool(ObjectPoolMXBean pool) {
            gauge("memorymanager.pool.size", pool, ObjectPoolMXBean::getSize, null,
                    "Objects the pool holds, lent or idle");
            gauge("memorymanager.pool.max", pool, ObjectPoolMXBean::getMaxSize, null,
                    "The pool's maximum size");
            gauge("memorymanager.pool.active", pool, ObjectPoolMXBean::getActive, null,
                    "Objects lent out");
            gauge("memorymanager.pool.idle", pool, ObjectPoolMXBean::getIdle, null,
                    "Objects waiting in the pool");
            gauge("memorymanager.pool.waiters", pool, ObjectPoolMXBean::getWaiters, null,
                    "Threads waiting to borrow");
            counter("memorymanager.pool.borrows", pool, ObjectPoolMXBean::getBorrowCount, "Borrows");
            counter("memorymanager.pool.hits", pool, ObjectPoolMXBean::getHitCount, "Borrows served by an idle object");
            counter("memorymanager.pool.misses", pool, ObjectPoolMXBean::getMissCount,
                    "Borrows that had to create an object or wait");
            // the total from the pool's own sum (the mean is rounded: mean x count would not be monotonic)
            ToDoubleFunction<ObjectPoolMXBean> waits = safe(ObjectPoolMXBean::getBorrowWaitCount);
            into.add(FunctionTimer.builder("memorymanager.pool.borrow.wait", pool,
                            p -> (long) waits.applyAsDouble(p), p -> totalBorrowWaitMillis(), TimeUnit.MILLISECONDS)
                    .tags(on).description("Borrows that waited, and how long in all").register(registry));
        }

        private double totalBorrowWaitMillis() {
            try {
                Object total = ((CompositeData) server.getAttribute(name, "Stats")).get("totalBorrowWaitMillis");
                return ((Number) total).doubleValue();
            } catch (JMException | RuntimeException e) {
                return Double.NaN;
            }
        }

        private void cache(CacheMXBean cache) {
            gauge("memorymanager.cache.size", cache, CacheMXBean::getSize, null, "Entries");
            gauge("memorymanager.cache.memory", cache, c -> orNaN(c.getEstimatedBytes()), BaseUnits.BYTES,
                    "Estimated heap the entries retain");
            counter("memorymanager.cache.hits", cache, CacheMXBean::getHitCount, "Lookups that found an entry");
            counter("memorymanager.cache.misses", cache, CacheMXBean::getMissCount, "Lookups that found none");
            counter("memorymanager.cache.clears", cache, CacheMXBean::getClearCount, "Times the cache was cleared");
        }

        private void breaker(CircuitBreakerMXBean breaker) {
            states("memorymanager.breaker.state", "state", BreakerState.values(), breaker,
                    CircuitBreakerMXBean::getState, "The memory circuit breaker: 1 for the current state");
            counter("memorymanager.breaker.trips", breaker, CircuitBreakerMXBean::getTripCount, "Times it opened");
            counter("memorymanager.breaker.refusals", breaker, CircuitBreakerMXBean::getRefusedCount,
                    "Work refused while it was open");
            gauge("memorymanager.breaker.limit", breaker, b -> orNaN(b.getLimitBytes()), BaseUnits.BYTES,
                    "Heap after GC at which it opens");
        }

        private <T, E extends Enum<E>> void states(String meter, String key, E[] values, T bean,
                java.util.function.Function<T, E> current, String description) {
            for (E value : values) {
                into.add(Gauge.builder(meter, bean, safe(b -> current.apply(b) == value ? 1 : 0))
                        .tags(on.and(key, value.name())).description(description).strongReference(true)
                        .register(registry));
            }
        }

        private <T> void gauge(String meter, T bean, ToDoubleFunction<T> value, String unit, String description) {
            into.add(Gauge.builder(meter, bean, safe(value)).tags(on).baseUnit(unit).description(description)
                    .strongReference(true).register(registry));
        }

        private <T> void counter(String meter, T bean, ToDoubleFunction<T> value, String description) {
            // the binding's entry holds the proxy strongly: the counter's weak reference to it stays good
            into.add(FunctionCounter.builder(meter, bean, safe(value)).tags(on).description(description)
                    .register(registry));
        }
    }


    // A figure whose MBean is gone (or fails) reads NaN: Micrometer's function counters do not catch.
    private static <T> ToDoubleFunction<T> safe(ToDoubleFunction<T> f) {
        return t -> {
            try {
                return f.applyAsDouble(t);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        };
    }

    // -1 (and other negatives) mean "none" in our MXBeans: no sample rather than a misleading value
    private static double orNaN(double v) {
        return v < 0 ? Double.NaN : v;
    }

    private static String unquote(String value) {
        return value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }

    private static ObjectName pattern(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
