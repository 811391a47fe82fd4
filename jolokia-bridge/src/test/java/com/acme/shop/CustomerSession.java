package com.acme.shop;

/**
 * What the leak scenario's application keeps by mistake: a session with a 1 KB payload. It lives outside
 * {@code io.memorymanager} because the detector never names its own classes as suspects.
 */
public final class CustomerSession {

    private final long id;
    private final byte[] payload = new byte[1024];

    public CustomerSession(long id) {
        this.id = id;
    }

    public long id() {
        return id;
    }

    public int size() {
        return payload.length;
    }
}
