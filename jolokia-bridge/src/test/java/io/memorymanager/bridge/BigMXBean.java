package io.memorymanager.bridge;

import java.util.List;

/** A test MXBean with an attribute larger than one Jolokia answer may carry. */
public interface BigMXBean {

    List<Integer> getItems();
}
