package io.memorymanager.health;

import io.memorymanager.Description;
import java.util.List;

/** This JVM's memory health for load balancers and dashboards. ObjectName {@code io.memorymanager:type=Health}. */
@Description("Memory health for load balancers and dashboards: UP, DEGRADED or DOWN with the reasons, from memory "
        + "pressure, the leak detector, circuit breakers and the memory budget; and the registered pressure reactions")
public interface HealthMXBean {

    @Description("UP; DEGRADED (pressure HIGH, a leak at WARNING or worse, the memory budget at WARNING); DOWN (a "
            + "circuit breaker OPEN, pressure CRITICAL, or the memory budget CRITICAL)")
    HealthStatus getStatus();

    @Description("Why the status is not UP, one line per reason; empty when UP")
    List<String> getReasons();

    @Description("The registered pressure reactions: level, runs, when each last ran, failures")
    List<ReactionStatus> getReactions();
}
