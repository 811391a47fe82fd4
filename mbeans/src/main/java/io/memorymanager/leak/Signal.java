package io.memorymanager.leak;

/** What the detector watches; each gets one finding. */
enum Signal {
    /** The live set after collections: the bottom of the old generation's sawtooth. */
    HEAP("heap floor"),
    /** Live threads, without Memory Manager's own and those of the JMX/RMI and JFR machinery. */
    THREADS("live threads"),
    /** Loaded classes. */
    CLASSES("loaded classes"),
    /** Memory of direct {@code ByteBuffer}s: real memory outside the heap, bounded by MaxDirectMemorySize. */
    DIRECT_BUFFERS("direct buffer memory"),
    /** Memory-mapped files ({@code FileChannel.map}): address space, mostly not resident; INFO at most. */
    MAPPED_BUFFERS("memory-mapped file size");

    final String what;

    Signal(String what) {
        this.what = what;
    }
}
