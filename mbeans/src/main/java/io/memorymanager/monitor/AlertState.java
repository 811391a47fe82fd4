package io.memorymanager.monitor;

/**
 * The alert levels of a metric and how a value moves them: a value must reach a threshold to enter its level and
 * fall {@code hysteresis} points below it to leave, so that a value hovering at the line changes state once.
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

    private AlertState() {
    }

    /**
     * The level after a new value. A negative value means unknown and changes nothing. A value must reach a
     * threshold to enter its level and fall {@code hysteresis} points below it to leave.
     */
    static Level next(Level level, double value, Thresholds t, double hysteresis) {
        if (value < 0 || Double.isNaN(value)) {
            return level;
        }
        return switch (level) {
            case NORMAL -> value >= t.criticalPercent() ? Level.CRITICAL
                    : value >= t.warningPercent() ? Level.WARNING : Level.NORMAL;
            case WARNING -> value >= t.criticalPercent() ? Level.CRITICAL
                    : value < t.warningPercent() - hysteresis ? Level.NORMAL : Level.WARNING;
            case CRITICAL -> value < t.warningPercent() - hysteresis ? Level.NORMAL
                    : value < t.criticalPercent() - hysteresis ? Level.WARNING : Level.CRITICAL;
        };
    }

    /** What going from {@code from} to {@code to} tells; leaving critical for warning is told as a warning. */
    static Change change(Level from, Level to) {
        if (from == to) {
            return Change.NONE;
        }
        return switch (to) {
            case NORMAL -> Change.RECOVERED;
            case WARNING -> Change.WARNING;
            case CRITICAL -> Change.CRITICAL;
        };
    }
}
