package com.acme.tx;

/** What a transaction records for the audit log: the request and a 1 KB snapshot of what it changed. */
public final class RequestContext {

    private final long request;
    private final long startedNanos = System.nanoTime();
    private final byte[] auditSnapshot = new byte[1024];

    public RequestContext(long request) {
        this.request = request;
        auditSnapshot[0] = (byte) request;
    }

    public long request() {
        return request;
    }

    public long startedNanos() {
        return startedNanos;
    }
}
