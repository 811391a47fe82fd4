package io.memorymanager.spring;

import io.memorymanager.MemoryManager;
import io.memorymanager.health.HealthMXBean;
import java.util.List;
import java.util.Map;
import javax.management.JMX;

/**
 * The Health MXBean as Spring's health indicators (Boot 3's and Boot 4's) report it: UP, DEGRADED or DOWN, with
 * the reasons as a detail. DEGRADED is a status of its own, which Spring's default order leaves out of the
 * aggregate (an application DEGRADED in memory stays UP, HTTP 200) unless
 * {@code management.endpoint.health.status.order} names it.
 */
final class MemoryHealth {

    private final HealthMXBean health;

    MemoryHealth(MemoryManagerInstallation installation) {
        this.health = JMX.newMXBeanProxy(installation.server(), MemoryManager.HEALTH, HealthMXBean.class);
    }

    /**
     * The status code and the reasons. A Health MBean that cannot be read (Memory Manager stopped, or closed by the
     * context that installed it while this one reuses it) is UNKNOWN, with why: not DOWN, which would fail the
     * application's probes over our absence.
     */
    Reading read() {
        try {
            return new Reading(health.getStatus().name(), health.getReasons(), null);
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            return new Reading("UNKNOWN", List.of(), "Memory Manager's Health MBean cannot be read: "
                    + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }

    record Reading(String status, List<String> reasons, String error) {
        /** The component's details: the reasons, and the error when there is one. */
        Map<String, Object> details() {
            return error == null ? Map.of("reasons", reasons) : Map.of("reasons", reasons, "error", error);
        }
    }
}
