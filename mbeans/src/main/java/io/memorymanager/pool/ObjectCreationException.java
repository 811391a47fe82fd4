package io.memorymanager.pool;

/** The pool's factory failed to create an object for a borrow; the cause is the factory's exception. */
public final class ObjectCreationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ObjectCreationException(String message, Throwable cause) {
        super(message, cause);
    }
}
