package io.memorymanager.breaker;

import io.memorymanager.Description;

/** The user data of a breaker's notification. */
@Description("A circuit breaker tripped or reset")
record BreakerEvent(
        @Description("the breaker") String name,
        @Description("OPEN or CLOSED") BreakerState state,
        @Description("why it last tripped") String reason,
        @Description("heap after GC + in flight (+ the request when tripping)") long judgedBytes,
        @Description("the limit") long limitBytes) {
}
