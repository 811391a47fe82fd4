package io.memorymanager.health;

/** What a load balancer or dashboard needs to know about this JVM's memory. */
public enum HealthStatus {
    /** Nothing to worry about. */
    UP,
    /** Working, but heading for trouble: memory pressure HIGH, a leak at WARNING or worse, little container headroom. */
    DEGRADED,
    /** Refusing work or about to fail: a circuit breaker is OPEN, or memory pressure is CRITICAL. */
    DOWN
}
