package io.memorymanager.breaker;

/** A circuit breaker's state. */
public enum BreakerState {
    /** Work is let through while the judged heap stays under the limit. */
    CLOSED,
    /** Tripped: work is refused until the heap after GC falls below the limit minus the hysteresis. */
    OPEN
}
