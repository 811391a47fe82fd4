package io.memorymanager.pool;

/**
 * A borrowed object that goes back to its pool when closed, for try-with-resources:
 * <pre>{@code
 * try (Lease<Buffer> lease = pool.lease()) {
 *     use(lease.get());
 * }
 * }</pre>
 * Closing twice releases once.
 */
public final class Lease<T> implements AutoCloseable {

    private final ObjectPool<T> pool;
    private T object;

    Lease(ObjectPool<T> pool, T object) {
        this.pool = pool;
        this.object = object;
    }

    /** The borrowed object. */
    public T get() {
        if (object == null) {
            throw new IllegalStateException("lease of pool '" + pool.name() + "' is already closed");
        }
        return object;
    }

    /** Releases the object to its pool. */
    @Override
    public void close() {
        T o = object;
        if (o != null) {
            object = null;
            pool.release(o);
        }
    }
}
