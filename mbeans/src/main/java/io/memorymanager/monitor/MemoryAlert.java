package io.memorymanager.monitor;

import io.memorymanager.Description;

/** The user data of a threshold notification. */
@Description("A memory threshold crossing")
record MemoryAlert(
        @Description("heapAfterGc, system or container") String metric,
        @Description("WARNING, CRITICAL or RECOVERED") AlertState.Change level,
        @Description("the value, in percent") double valuePercent,
        @Description("the warning threshold, in percent") double warningPercent,
        @Description("the critical threshold, in percent") double criticalPercent,
        @Description("when, epoch milliseconds") long timestampMillis) {
}
