package com.acme.probe;

/** Allocates in a frame of an application's class (Memory Manager's own frames are not application frames). */
public final class Allocator {

    private static volatile Object sink;

    private Allocator() {
    }

    /** About 1 MB, then a 5 ms pause. */
    public static void allocateALittle() {
        for (int i = 0; i < 250; i++) {
            sink = new byte[4096];
        }
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void allocateInAKnownFrame() {
        for (int i = 0; i < 2_000; i++) {
            sink = new byte[16 * 1024];
        }
    }
}
