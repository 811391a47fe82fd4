package io.memorymanager.leak;

/** How bad a leak finding is. */
public enum Severity {
    /** No sign of a leak. */
    NONE,
    /** Growth worth knowing of but not alarming: slow, slowing down, a one-time step, warm-up. */
    INFO,
    /** A significant, sustained trend that exhausts memory within a day. */
    WARNING,
    /** Exhaustion projected within the hour, or the floor above 90% and still rising. */
    CRITICAL
}
