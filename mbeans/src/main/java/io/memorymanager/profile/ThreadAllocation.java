package io.memorymanager.profile;

/**
 * One thread's heap allocation.
 *
 * @param allocatedBytes since the thread started
 * @param bytesPerSecond over the last measurement window (at least a second); -1 on the first look at the thread
 */
public record ThreadAllocation(long threadId, String threadName, long allocatedBytes, long bytesPerSecond) {
}
