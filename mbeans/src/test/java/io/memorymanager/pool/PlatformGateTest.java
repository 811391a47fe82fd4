package io.memorymanager.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.memorymanager.MemoryManager;
import io.memorymanager.MemoryManagerConfig;
import io.memorymanager.breaker.CircuitBreaker;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.junit.jupiter.api.Test;

/**
 * What holds a pool's growth back, read where Memory Manager publishes it: the platform MBeanServer. A real
 * installed Memory Manager and a real breaker; the Monitor's level stood in for by an MBean of the same name,
 * since pressure cannot be made HIGH on demand.
 */
class PlatformGateTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    /** The Monitor's PressureLevel attribute, as a test sets it. */
    public interface LevelMBean {
        String getPressureLevel();
    }

    @Test
    void anOpenBreakerHoldsGrowthBackAndAClosedOneDoesNot() throws Exception {
        try (MemoryManager mm = MemoryManager.install(MemoryManagerConfig.defaults())) {
            PoolAutoSizer.MemoryGate gate = PoolAutoSizer.platformGate();
            CircuitBreaker breaker = mm.circuitBreaker("gate-test", 90);
            breaker.setHysteresisPercent(20);
            String normal = gate.blocksGrowth();
            assertThat(normal == null || normal.startsWith("memory pressure")).as("a closed breaker: " + normal).isTrue();
            long limit = breaker.getLimitBytes();
            // work in flight up to near the limit, and one more request past it, trip it; the work in flight keeps it
            // open (above the limit less the hysteresis)
            CircuitBreaker.Reservation held = breaker.reserve(limit - breaker.getHeapAfterGcBytes() - (8L << 20));
            try {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> breaker.check(limit / 5))
                        .isInstanceOf(io.memorymanager.breaker.MemoryLimitExceededException.class);
                assertThat(breaker.getState()).isEqualTo(io.memorymanager.breaker.BreakerState.OPEN);
                if (normal == null) {
                    assertThat(gate.blocksGrowth()).isEqualTo("circuit breaker gate-test is open");
                }
            } finally {
                held.close();
            }
            breaker.check(0);       // nothing in flight, the heap well under the limit: it resets
            assertThat(breaker.getState()).isEqualTo(io.memorymanager.breaker.BreakerState.CLOSED);
            assertThat(gate.blocksGrowth()).isEqualTo(normal);
        }
    }

    @Test
    void pressureHighOrWorseHoldsGrowthBackAndWithoutAMonitorNothingDoes() throws Exception {
        PoolAutoSizer.MemoryGate gate = PoolAutoSizer.platformGate();
        assertThat(gate.blocksGrowth()).as("no Monitor registered").isNull();
        ObjectName monitor = new ObjectName("io.memorymanager:type=Monitor");
        String[] level = {"HIGH"};
        SERVER.registerMBean(new StandardMBean((LevelMBean) () -> level[0], LevelMBean.class), monitor);
        try {
            assertThat(gate.blocksGrowth()).isEqualTo("memory pressure is HIGH");
            level[0] = "CRITICAL";
            assertThat(gate.blocksGrowth()).isEqualTo("memory pressure is CRITICAL");
            level[0] = "ELEVATED";
            assertThat(gate.blocksGrowth()).isNull();
        } finally {
            SERVER.unregisterMBean(monitor);
        }
    }
}
