package io.memorymanager.monitor;

/** How close this JVM is to running out of memory, from the monitor's thresholds. */
public enum PressureLevel {
    /** Every watched value is well below its warning threshold. */
    NORMAL,
    /** A value is within {@link Monitor#ELEVATED_MARGIN_PERCENT} points of its warning threshold, or the kernel
     * reports memory stalls (PSI some avg10 at or above {@link Monitor#ELEVATED_STALL_PERCENT}). */
    ELEVATED,
    /** A value is at or above its warning threshold. */
    HIGH,
    /** A value is at or above its critical threshold. */
    CRITICAL
}
