package io.memorymanager.profile;

/** One field of an object layout: where it sits and how big it is, in bytes. */
public record FieldLayout(String name, String type, String declaringClass, long offset, long sizeBytes) {
}
