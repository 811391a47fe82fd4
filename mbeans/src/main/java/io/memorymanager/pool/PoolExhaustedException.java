package io.memorymanager.pool;

/** No object became free within the borrow timeout. */
public final class PoolExhaustedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PoolExhaustedException(String message) {
        super(message);
    }
}
