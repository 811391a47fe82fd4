package io.memorymanager.monitor;

/**
 * The alert state of one metric. A value must reach a threshold to enter its level and fall
 * {@code hysteresis} points below it to leave, so that a value hovering at the line changes state once.
 */
final class AlertState {

    enum Level { NORMAL, WARNING, CRITICAL }

    /** What a new value did to the state: the notification type to send, if any. */
    enum Change {
        NONE(null),
        WARNING(Monitor.WARNING),
        CRITICAL(Monitor.CRITICAL),
        RECOVERED(Monitor.RECOVERED);

        final String notificationType;

        Change(String notificationType) {
            this.notificationType = notificationType;
        }
    }

    private Level level = Level.NORMAL;

    Level level() {
        return level;
    }

    /**
     * Moves the state for a new value. A negative value means unknown and changes nothing. Leaving critical for
     * warning is a crossing too and is told as a warning.
     */
    Change update(double value, Thresholds t, double hysteresis) {
        if (value < 0 || Double.isNaN(value)) {
            return Change.NONE;
        }
        Level next = switch (level) {
            case NORMAL -> value >= t.criticalPercent() ? Level.CRITICAL
                    : value >= t.warningPercent() ? Level.WARNING : Level.NORMAL;
            case WARNING -> value >= t.criticalPercent() ? Level.CRITICAL
                    : value < t.warningPercent() - hysteresis ? Level.NORMAL : Level.WARNING;
            case CRITICAL -> value < t.warningPercent() - hysteresis ? Level.NORMAL
                    : value < t.criticalPercent() - hysteresis ? Level.WARNING : Level.CRITICAL;
        };
        if (next == level) {
            return Change.NONE;
        }
        level = next;
        return switch (next) {
            case NORMAL -> Change.RECOVERED;
            case WARNING -> Change.WARNING;
            case CRITICAL -> Change.CRITICAL;
        };
    }
}
