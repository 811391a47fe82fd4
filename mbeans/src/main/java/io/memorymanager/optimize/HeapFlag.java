package io.memorymanager.optimize;

/**
 * A heap-sizing flag of the running JVM.
 *
 * @param writeable whether it can be changed at run time (HotSpot "manageable")
 * @param honoured whether the running collector acts on it
 */
public record HeapFlag(String name, String value, boolean writeable, boolean honoured, String note) {
}
