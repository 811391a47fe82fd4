package io.memorymanager.monitor;

/** A value the monitor compares with thresholds. */
public enum Metric {
    /** The live-set floor in percent of the maximum heap; raw heap usage saw-tooths and is not alerted on. */
    HEAP_AFTER_GC("heapAfterGc", "Heap after GC"),
    /** Physical memory of the machine in use, in percent. */
    SYSTEM("system", "System memory"),
    /** Cgroup memory in use, in percent of the cgroup limit. */
    CONTAINER("container", "Container memory");

    private final String key;
    private final String label;

    Metric(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The name used in operations and notification payloads: {@code heapAfterGc}, {@code system}, {@code container}. */
    public String key() {
        return key;
    }

    String label() {
        return label;
    }

    /** The metric whose {@link #key()} is {@code key}, or a clear error naming the valid keys. */
    public static Metric of(String key) {
        for (Metric m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                "metric must be one of heapAfterGc, system, container, was '" + key + "'");
    }
}
