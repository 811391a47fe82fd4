package io.memorymanager.budget;

/**
 * One part of the process's memory.
 *
 * @param name {@code Java heap}, {@code Metaspace}, {@code Compressed class space}, {@code Code cache},
 *     {@code Thread stacks}, {@code Direct buffers}, {@code Mapped buffers}, {@code GC}, {@code Symbols},
 *     {@code Other native} or {@code Unaccounted}
 * @param usedBytes in use, -1 when not known
 * @param committedBytes committed (backed by memory or swap when touched), -1 when not known
 * @param maxBytes the most it may grow to (its maximum or reservation), -1 when unbounded or not known
 * @param source where the figures come from, and "estimated; ..." when they are not measured
 */
public record BudgetComponent(String name, long usedBytes, long committedBytes, long maxBytes, String source) {
}
