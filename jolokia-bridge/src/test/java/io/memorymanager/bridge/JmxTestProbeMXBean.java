package io.memorymanager.bridge;

/** A small MXBean in our domain for {@link JmxConnectorTest}: one read-only and one writable attribute, two verbs. */
public interface JmxTestProbeMXBean {

    int getCalls();

    int getLevel();

    void setLevel(int level);

    /** Light: counts the call. */
    int ping();

    /** Named like a heavy operation, so that it takes from the heavy-operation budget; only counts the call. */
    int forceGc();
}
