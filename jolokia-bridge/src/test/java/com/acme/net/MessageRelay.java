package com.acme.net;

import com.acme.server.Rate;
import com.acme.server.Traffic;
import java.nio.ByteBuffer;

/**
 * The {@code direct-buffers} leak: a message relay copies each request's message through a pooled direct buffer and
 * releases it, except when the client resets mid-message ({@code -DresetsPerMinute}, default 24, one every 2.5 s):
 * that path forgets to release, so the {@link BufferPool} allocates another 256 KB (6 MB a minute).
 */
public final class MessageRelay {

    private MessageRelay() {
    }

    public static void run() {
        Rate clientResets = new Rate(Rate.property("resetsPerMinute", 24) / 60);
        byte[] message = new byte[8192];
        Traffic.serve(4, 200, request -> {
            BufferPool pool = BufferPool.shared();
            ByteBuffer b = pool.acquire();
            b.put(message).flip();
            pool.release(b);
            for (int i = clientResets.due(); i > 0; i--) {
                pool.acquire().put(message);    // the reset path: the connection is dropped with its buffer
            }
        });
    }
}
