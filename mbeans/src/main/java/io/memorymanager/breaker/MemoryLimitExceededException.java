package io.memorymanager.breaker;

/**
 * A {@link CircuitBreaker} refused memory-hungry work: letting it run would take the live heap past the limit.
 * Thrown instead of letting the JVM reach {@link OutOfMemoryError}; the application can answer "try later"
 * (HTTP 503, a smaller batch) and carry on.
 */
public final class MemoryLimitExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String breaker;
    private final long requestedBytes;
    private final long judgedBytes;
    private final long limitBytes;

    MemoryLimitExceededException(String breaker, long requestedBytes, long judgedBytes, long limitBytes, String reason) {
        super("circuit breaker '" + breaker + "' refused " + requestedBytes + " bytes: " + reason);
        this.breaker = breaker;
        this.requestedBytes = requestedBytes;
        this.judgedBytes = judgedBytes;
        this.limitBytes = limitBytes;
    }

    /** The breaker's name. */
    public String breaker() {
        return breaker;
    }

    /** What the refused work said it would need. */
    public long requestedBytes() {
        return requestedBytes;
    }

    /** Heap after the last GC plus work in flight plus this request, when refused. */
    public long judgedBytes() {
        return judgedBytes;
    }

    /** The limit in bytes. */
    public long limitBytes() {
        return limitBytes;
    }
}
