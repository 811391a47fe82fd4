package io.memorymanager.profile;

import java.util.List;

/**
 * How HotSpot lays out an instance of a class, computed by JOL from this VM's settings (compressed oops and class
 * pointers, object alignment, JDK version).
 *
 * @param paddingBytes bytes lost to alignment gaps between fields and at the end
 * @param text JOL's table, as it prints it
 */
public record ObjectLayout(String className, long headerBytes, long instanceSizeBytes, long paddingBytes,
        List<FieldLayout> fields, String dataModel, String text) {
}
