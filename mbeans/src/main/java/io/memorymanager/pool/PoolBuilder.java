package io.memorymanager.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * Builds an {@link ObjectPool}. Defaults: minIdle 0, maxSize 8, borrow timeout 30 s, idle timeout 5 min, no
 * validation, no abandoned-loan detection, no stack capture, MBean registered.
 */
public final class PoolBuilder<T> {

    private final String name;
    private final ObjectFactory<T> factory;
    private int minIdle;
    private int maxSize = 8;
    private Duration borrowTimeout = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofMinutes(5);
    private boolean validateOnBorrow;
    private boolean validateOnReturn;
    private Duration abandonedTimeout;
    private boolean captureBorrowerStack;
    private boolean registerMBean = true;
    private AutoSizing autoSizing;

    PoolBuilder(String name, ObjectFactory<T> factory) {
        this.name = name;
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    public PoolBuilder<T> minIdle(int n) {
        this.minIdle = n;
        return this;
    }

    public PoolBuilder<T> maxSize(int n) {
        this.maxSize = n;
        return this;
    }

    public PoolBuilder<T> borrowTimeout(Duration timeout) {
        this.borrowTimeout = timeout;
        return this;
    }

    public PoolBuilder<T> idleTimeout(Duration timeout) {
        this.idleTimeout = timeout;
        return this;
    }

    public PoolBuilder<T> validateOnBorrow(boolean on) {
        this.validateOnBorrow = on;
        return this;
    }

    public PoolBuilder<T> validateOnReturn(boolean on) {
        this.validateOnReturn = on;
        return this;
    }

    /** Reports loans longer than {@code threshold} as abandoned; {@code null} (the default) never does. */
    public PoolBuilder<T> abandonedTimeout(Duration threshold) {
        this.abandonedTimeout = threshold;
        return this;
    }

    /** Keeps every borrower's stack so abandoned-loan reports can show it; costs a stack walk per borrow. */
    public PoolBuilder<T> captureBorrowerStack(boolean on) {
        this.captureBorrowerStack = on;
        return this;
    }

    /** Whether to register the pool's MXBean in the platform MBeanServer (default true). */
    public PoolBuilder<T> registerMBean(boolean on) {
        this.registerMBean = on;
        return this;
    }

    /**
     * Sizes the pool automatically within the policy's floor and ceiling (see {@link AutoSizing}); the maxSize given
     * is where it starts.
     */
    public PoolBuilder<T> autoSize(AutoSizing policy) {
        this.autoSizing = java.util.Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** The settings as they stand; validates them. */
    public PoolConfig config() {
        return new PoolConfig(name, minIdle, maxSize, borrowTimeout, idleTimeout, validateOnBorrow,
                validateOnReturn, abandonedTimeout, captureBorrowerStack, registerMBean, autoSizing);
    }

    /**
     * Builds and starts the pool.
     *
     * @throws IllegalArgumentException for an invalid setting, naming it
     * @throws IllegalStateException when a pool of that name is registered already
     */
    public ObjectPool<T> build() {
        return ObjectPool.create(config(), factory);
    }
}
