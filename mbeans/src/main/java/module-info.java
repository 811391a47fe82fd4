/**
 * Memory Manager's MXBeans and the engines behind them. Every feature package is exported; {@code internal}
 * (registration, descriptions, notifications, diagnostic commands) is not: applications register their own described
 * MXBeans through {@code MemoryManager.registerMBean}.
 */
@SuppressWarnings("requires-automatic") // jol-core has no module name of its own
module io.memorymanager {
    requires transitive java.management;
    requires jdk.management;
    requires transitive jdk.jfr;
    requires transitive java.instrument;
    requires org.slf4j;
    requires com.github.oshi;
    requires jol.core;
    requires static org.objectweb.asm; // optional: direct-buffer tracing, with the agent

    exports io.memorymanager;
    exports io.memorymanager.breaker;
    exports io.memorymanager.budget;
    exports io.memorymanager.cache;
    exports io.memorymanager.health;
    exports io.memorymanager.jvm;
    exports io.memorymanager.leak;
    exports io.memorymanager.monitor;
    exports io.memorymanager.optimize;
    exports io.memorymanager.pool;
    exports io.memorymanager.profile;
    exports io.memorymanager.system;
}
