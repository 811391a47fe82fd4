package io.memorymanager.profile;

/**
 * A file the profiler wrote into its output directory.
 *
 * @param name the file's name, the only handle callers use ({@code deleteDump(name)})
 * @param durationMillis how long producing it took (for a heap dump: the pause), -1 when not known
 * @param complete false while a recording is still being written
 */
public record ExportedFile(String name, String path, long sizeBytes, long createdMillis, long durationMillis,
        boolean complete) {
}
