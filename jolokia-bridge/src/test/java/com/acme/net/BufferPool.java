package com.acme.net;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Direct 256 KB buffers for the relay's sockets, reused once released. It remembers every buffer it made (for its
 * statistics), so a buffer never released is never freed either.
 */
public final class BufferPool {

    public static final int BUFFER_BYTES = 256 * 1024;
    private static final BufferPool SHARED = new BufferPool();

    private final Deque<ByteBuffer> free = new ArrayDeque<>();
    private final List<ByteBuffer> allocated = new ArrayList<>();

    private BufferPool() {
    }

    public static BufferPool shared() {
        return SHARED;
    }

    public synchronized ByteBuffer acquire() {
        ByteBuffer b = free.pollFirst();
        if (b == null) {
            b = ByteBuffer.allocateDirect(BUFFER_BYTES);
            allocated.add(b);
        }
        return b.clear();
    }

    public synchronized void release(ByteBuffer buffer) {
        free.addFirst(buffer);
    }

    public synchronized long allocatedBytes() {
        return (long) allocated.size() * BUFFER_BYTES;
    }
}
