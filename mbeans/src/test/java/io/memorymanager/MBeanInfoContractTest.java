package io.memorymanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memorymanager.internal.ObjectNames;
import io.memorymanager.monitor.Monitor;
import io.memorymanager.pool.ObjectPool;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** What JConsole and VisualVM show of our MBeans: descriptions, parameter names, units, notification types. */
class MBeanInfoContractTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static MemoryManager installed;
    private static ObjectPool<Object> pool;

    @BeforeAll
    static void install() {
        installed = MemoryManager.install();
        pool = ObjectPool.builder("contract", Object::new).build();
        installed.caches().register("contract", io.memorymanager.cache.ManagedCache.of(new java.util.HashMap<>()));
        installed.circuitBreaker("contract", 90);
    }

    @AfterAll
    static void uninstall() {
        pool.close();
        installed.close();
    }

    static Stream<ObjectName> ourMBeans() {
        return Stream.of(MemoryManager.SYSTEM_MEMORY, MemoryManager.JVM_MEMORY, MemoryManager.MONITOR,
                MemoryManager.PROFILER, MemoryManager.LEAK_DETECTOR, MemoryManager.OPTIMIZER, MemoryManager.HEALTH,
                MemoryManager.MEMORY_BUDGET,
                ObjectNames.of("ObjectPool", "contract"), ObjectNames.of("Cache", "contract"),
                ObjectNames.of("CircuitBreaker", "contract"));
    }

    @Test
    void everyMBeanIsRegisteredInOurDomain() throws Exception {
        assertThat(SERVER.queryNames(new ObjectName("io.memorymanager:*"), null))
                .containsAll(ourMBeans().toList());
    }

    @ParameterizedTest
    @MethodSource("ourMBeans")
    void everyAttributeOperationAndParameterIsDescribed(ObjectName name) throws Exception {
        MBeanInfo info = SERVER.getMBeanInfo(name);
        assertThat(info.getDescription()).isNotBlank().doesNotContain("Information on the management interface");
        for (MBeanAttributeInfo a : info.getAttributes()) {
            assertThat(a.getDescription()).as(a.getName()).isNotBlank().isNotEqualTo("Attribute exposed for management");
        }
        for (MBeanOperationInfo op : info.getOperations()) {
            assertThat(op.getDescription()).as(op.getName()).isNotBlank()
                    .isNotEqualTo("Operation exposed for management");
            assertThat(op.getImpact()).as(op.getName()).isNotEqualTo(MBeanOperationInfo.UNKNOWN);
            for (MBeanParameterInfo p : op.getSignature()) {
                assertThat(p.getName()).as(op.getName()).doesNotMatch("p\\d+");
                assertThat(p.getDescription()).as(op.getName() + " " + p.getName()).isNotBlank()
                        .isNotEqualTo(p.getName());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("ourMBeans")
    void attributesNamedWithAUnitDeclareItInTheirDescriptor(ObjectName name) throws Exception {
        for (MBeanAttributeInfo a : SERVER.getMBeanInfo(name).getAttributes()) {
            Object units = a.getDescriptor().getFieldValue("units");
            if (a.getName().endsWith("BytesPerSecond")) {
                assertThat(units).as(a.getName()).isEqualTo("bytes/s");
            } else if (a.getName().endsWith("Bytes")) {
                assertThat(units).as(a.getName()).isEqualTo("bytes");
            } else if (a.getName().endsWith("Millis")) {
                assertThat(units).as(a.getName()).isEqualTo("ms");
            } else if (a.getName().endsWith("Percent")) {
                assertThat(units).as(a.getName()).isEqualTo("percent");
            }
            // The descriptor still tells clients the open type, so values stay typed in JConsole and Hawtio.
            assertThat(a.getDescriptor().getFieldValue("openType")).as(a.getName()).isNotNull();
        }
    }

    @Test
    void monitorDeclaresItsNotificationTypes() throws Exception {
        List<String> types = Arrays.stream(SERVER.getMBeanInfo(MemoryManager.MONITOR).getNotifications())
                .flatMap(n -> Arrays.stream(n.getNotifTypes())).toList();
        assertThat(types).containsExactlyInAnyOrder(Monitor.WARNING, Monitor.CRITICAL, Monitor.RECOVERED);
        assertThat(SERVER.getMBeanInfo(MemoryManager.SYSTEM_MEMORY).getNotifications()).isEmpty();
        assertThat(Arrays.stream(SERVER.getMBeanInfo(MemoryManager.LEAK_DETECTOR).getNotifications())
                .flatMap(n -> Arrays.stream(n.getNotifTypes())))
                .containsExactlyInAnyOrder("io.memorymanager.leak.detected", "io.memorymanager.leak.escalated",
                        "io.memorymanager.leak.resolved");
        assertThat(Arrays.stream(SERVER.getMBeanInfo(ObjectNames.of("CircuitBreaker", "contract")).getNotifications())
                .flatMap(n -> Arrays.stream(n.getNotifTypes())))
                .containsExactlyInAnyOrder("io.memorymanager.breaker.tripped", "io.memorymanager.breaker.reset");
    }

    @Test
    void writableAttributesAreTheSettingsOnly() throws Exception {
        List<String> writable = ourMBeans().flatMap(n -> {
            try {
                return Arrays.stream(SERVER.getMBeanInfo(n).getAttributes());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(MBeanAttributeInfo::isWritable).map(MBeanAttributeInfo::getName).toList();
        assertThat(writable).containsExactlyInAnyOrder("MaxSize", "MinIdle", "IdleTimeoutMillis", "AutoSize",
                "AutoSizeFloor", "AutoSizeCeiling", "AutoSizeTargetWaitMillis", "AutoSizeCalmDownSeconds",
                "HistogramMinIntervalMillis", "Enabled", "WindowSeconds", "SignificanceLevel",
                "CacheMillis", "SampleIntervalMillis", "HysteresisPercent",
                "HeapAfterGcWarningPercent", "HeapAfterGcCriticalPercent", "SystemWarningPercent",
                "SystemCriticalPercent", "ContainerWarningPercent", "ContainerCriticalPercent",
                "CooldownSeconds", "LimitPercent", "HysteresisPercent", "ShedCachesFirst");
    }

    @Test
    void secondInstallInTheSameJvmDoesNotThrowAndKeepsTheFirst() throws Exception {
        Object before = SERVER.getObjectInstance(MemoryManager.MONITOR);
        try (MemoryManager second = MemoryManager.install()) {
            assertThat(second.monitor()).isNotSameAs(installed.monitor());
        }
        assertThat(SERVER.isRegistered(MemoryManager.MONITOR)).isTrue();
        assertThat(SERVER.getObjectInstance(MemoryManager.MONITOR)).isEqualTo(before);
    }

    /** An application's MXBean for {@link MemoryManager#registerMBean}. */
    @Description("An order book")
    public interface OrderBookMXBean {
        @Description("Orders waiting, as a count")
        int getOpenOrders();

        @Description(value = "Cancels every open order", impact = javax.management.MBeanOperationInfo.ACTION)
        void cancelAll();
    }

    static final class OrderBook implements OrderBookMXBean {
        @Override
        public int getOpenOrders() {
            return 7;
        }

        @Override
        public void cancelAll() {
        }
    }

    /** Lacks its attribute's description: refused. */
    @Description("Half described")
    public interface UndescribedMXBean {
        int getValue();
    }

    @Test
    void anApplicationRegistersItsOwnDescribedMBeanInOurDomainAndCloseRemovesIt() throws Exception {
        try (MemoryManager own = MemoryManager.install()) {
            OrderBookMXBean book = new OrderBook();
            ObjectName name = own.registerMBean("OrderBook", "eu west", book, OrderBookMXBean.class);
            assertThat(name).isEqualTo(new ObjectName("io.memorymanager:type=OrderBook,name=eu west"));
            assertThat(SERVER.getAttribute(name, "OpenOrders")).isEqualTo(7);
            MBeanInfo info = SERVER.getMBeanInfo(name);
            assertThat(info.getAttributes()[0].getDescription()).isEqualTo("Orders waiting, as a count");
            assertThat(info.getOperations()[0].getImpact()).isEqualTo(MBeanOperationInfo.ACTION);
            assertThatThrownBy(() -> own.registerMBean("OrderBook", "eu west", book, OrderBookMXBean.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("io.memorymanager:type=OrderBook,name=eu west is already registered");
            assertThatThrownBy(() -> own.registerMBean("Order Book", "x", book, OrderBookMXBean.class))
                    .hasMessage("type must be a word of letters and digits, was 'Order Book'");
            assertThatThrownBy(() -> own.registerMBean("Undescribed", "x", () -> 1, UndescribedMXBean.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("could not register io.memorymanager:type=Undescribed,name=x: ")
                    .hasMessageContaining("UndescribedMXBean.Value has no @Description");
            assertThat(SERVER.isRegistered(new ObjectName("io.memorymanager:type=Undescribed,name=x"))).isFalse();
            // JMX allows one name per MXBean object: another book for another name
            ObjectName second = own.registerMBean("OrderBook", "us", new OrderBook(), OrderBookMXBean.class);
            assertThat(own.unregisterMBean(second)).isTrue();
            assertThat(own.unregisterMBean(second)).isFalse();
            assertThat(SERVER.isRegistered(second)).isFalse();
            assertThat(SERVER.isRegistered(name)).isTrue();
        }
        assertThat(SERVER.isRegistered(new ObjectName("io.memorymanager:type=OrderBook,name=eu west"))).isFalse();
    }
}
