package io.memorymanager.leak;

import java.util.EnumMap;
import java.util.Map;

/**
 * The transitions job: per signal, the severity last reported and since when, and which notification a new verdict
 * earns: {@code detected} when it reaches WARNING, {@code escalated} when it gets worse while alarming,
 * {@code resolved} when it falls below WARNING. Not thread-safe.
 */
final class Transitions {

    private final Map<Signal, Severity> state = new EnumMap<>(Signal.class);
    private final Map<Signal, Long> since = new EnumMap<>(Signal.class);

    /** Records the verdict; returns the notification type it earns, or null. */
    String record(Signal signal, Severity now, long millis) {
        Severity before = state.getOrDefault(signal, Severity.NONE);
        if (before != now || !since.containsKey(signal)) {
            since.put(signal, millis);
            state.put(signal, now);
        }
        boolean wasAlarm = before.compareTo(Severity.WARNING) >= 0;
        boolean isAlarm = now.compareTo(Severity.WARNING) >= 0;
        if (!wasAlarm && isAlarm) {
            return LeakDetector.DETECTED;
        } else if (wasAlarm && isAlarm && now.compareTo(before) > 0) {
            return LeakDetector.ESCALATED;
        } else if (wasAlarm && !isAlarm) {
            return LeakDetector.RESOLVED;
        }
        return null;
    }

    long since(Signal signal, long otherwise) {
        return since.getOrDefault(signal, otherwise);
    }

    void clear() {
        state.clear();
        since.clear();
    }
}
