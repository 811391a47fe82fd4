package com.acme.net;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A healthy user of direct memory beside the leak: each message is checksummed through a fresh 16 KB direct
 * buffer that is garbage as soon as the sum is known, {@code -DchecksumsPerSecond} (default 100) a second.
 */
public final class Checksums {

    public static final int BUFFER_BYTES = 16 * 1024;

    private Checksums() {
    }

    public static long of(byte[] message) {
        ByteBuffer scratch = ByteBuffer.allocateDirect(BUFFER_BYTES);
        scratch.put(message, 0, Math.min(message.length, BUFFER_BYTES)).flip();
        CRC32C crc = new CRC32C();
        crc.update(scratch);
        return crc.getValue();
    }

    /** Checksums until interrupted. */
    public static void run() {
        long pause = 1000 / Long.getLong("checksumsPerSecond", 100);
        byte[] message = new byte[4096];
        long sum = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                sum += of(message);
                Thread.sleep(pause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("checksums " + sum);
    }
}
