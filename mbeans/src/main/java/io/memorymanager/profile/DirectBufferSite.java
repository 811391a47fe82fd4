package io.memorymanager.profile;

import io.memorymanager.Description;

/**
 * Where sampled direct buffers were allocated ({@code ByteBuffer.allocateDirect}) and how many of them are still
 * alive: a site whose buffers stay alive while direct memory grows is where a leak's buffers come from.
 *
 * @param site the first application frame ({@code com.acme.io.BufferStore.keep:42}); the first frame outside
 *     {@code java.nio} when the JDK allocated it for itself ({@code sun.nio.ch.Util.getTemporaryDirectBuffer:…})
 * @param sampledBuffers buffers sampled there since tracing started
 * @param liveBuffers of those, how many are still reachable
 * @param liveBytes their capacity, in bytes
 * @param oldestLiveSeconds how long the oldest live one has lived, in seconds (0 when none)
 */
public record DirectBufferSite(
        @Description("The allocating frame: class.method:line") String site,
        @Description("Buffers sampled there since tracing started") long sampledBuffers,
        @Description("Of those, how many are still reachable") long liveBuffers,
        @Description("The live sampled buffers' capacity, in bytes") long liveBytes,
        @Description("Age of the oldest live sampled buffer, in seconds") long oldestLiveSeconds) {
}
