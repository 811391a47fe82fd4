package io.memorymanager.health;

/** What a load balancer or dashboard needs to know about this JVM's memory. */
public enum HealthStatus {
    /** Nothing to worry about. */
    UP,
    /** Working, but heading for trouble: memory pressure HIGH, a leak at WARNING or worse, the budget at WARNING. */
    DEGRADED,
    /** Refusing work or about to fail: a circuit breaker OPEN, memory pressure or the memory budget CRITICAL. */
    DOWN
}
