package io.memorymanager.pool;

/** The pool was closed before or while a borrow waited. */
public final class PoolClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public PoolClosedException(String message) {
        super(message);
    }
}
