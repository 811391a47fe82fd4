package io.memorymanager.breaker;

import io.memorymanager.Description;
import javax.management.MBeanOperationInfo;

/**
 * A memory circuit breaker. ObjectName {@code io.memorymanager:type=CircuitBreaker,name=<name>}.
 * Notifications {@code io.memorymanager.breaker.tripped} and {@code .reset}.
 */
@Description("A memory circuit breaker: the application asks it before memory-hungry work, and it refuses (a typed "
        + "exception) when heap after the last GC + work in flight + the request would pass LimitPercent of the "
        + "maximum heap, instead of letting the JVM run out of memory")
public interface CircuitBreakerMXBean {

    @Description("The breaker's name")
    String getName();

    @Description("CLOSED (work goes through) or OPEN (tripped: work is refused)")
    BreakerState getState();

    @Description("The limit, in percent of the maximum heap (10-99)")
    double getLimitPercent();

    @Description("The limit, in percent of the maximum heap (10-99)")
    void setLimitPercent(double percent);

    @Description("Once OPEN, the breaker closes when the judged heap is this many points under the limit (0-50)")
    double getHysteresisPercent();

    @Description("Once OPEN, the breaker closes when the judged heap is this many points under the limit (0-50)")
    void setHysteresisPercent(double points);

    @Description("The limit in bytes")
    long getLimitBytes();

    @Description("Heap used right after the last garbage collection, in bytes (-1 before the first)")
    long getHeapAfterGcBytes();

    @Description("Bytes reserved by work in progress (reservations not yet closed)")
    long getEstimatedInFlightBytes();

    @Description("Times the breaker tripped (went from CLOSED to OPEN)")
    long getTripCount();

    @Description("Requests refused, while OPEN or by tripping")
    long getRefusedCount();

    @Description("Why the breaker last tripped, with the figures; empty before the first trip")
    String getLastTripReason();

    @Description("Whether the breaker clears the registered caches before it trips (graceful degradation)")
    boolean isShedCachesFirst();

    @Description("Whether the breaker clears the registered caches before it trips (graceful degradation)")
    void setShedCachesFirst(boolean shed);

    @Description("Times the breaker shed caches instead of, or before, tripping")
    long getShedCount();

    @Description(value = "Judges now with no request: closes an OPEN breaker whose heap fell under the limit minus "
            + "the hysteresis; returns the state", impact = MBeanOperationInfo.ACTION_INFO)
    BreakerState evaluate();
}
