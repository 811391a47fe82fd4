/** Micrometer meters for Memory Manager: {@link io.memorymanager.micrometer.MemoryManagerMetrics}. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // micrometer-core names its module only in its manifest
module io.memorymanager.micrometer {
    requires transitive io.memorymanager;
    requires transitive micrometer.core;

    exports io.memorymanager.micrometer;
}
