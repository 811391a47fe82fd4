package io.memorymanager.pool;

/**
 * Creates, checks and destroys the objects of an {@link ObjectPool}. Only {@link #create()} is required.
 *
 * @param <T> the pooled type
 */
@FunctionalInterface
public interface ObjectFactory<T> {

    /** A new object for the pool. An exception is counted, frees the slot and reaches the borrower. */
    T create() throws Exception;

    /** Whether {@code object} may still be used; called on borrow and/or return when the pool is told to. */
    default boolean validate(T object) {
        return true;
    }

    /** Releases what {@code object} holds; called once when the pool drops it. Exceptions are logged. */
    default void destroy(T object) throws Exception {
    }
}
