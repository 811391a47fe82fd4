package io.memorymanager.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.memorymanager.monitor.AlertState.Change;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertStateTest {

    private final Thresholds thresholds = new Thresholds(80, 90);
    private AlertState.Level level = AlertState.Level.NORMAL;

    private List<Change> feed(double... values) {
        List<Change> changes = new ArrayList<>();
        for (double v : values) {
            AlertState.Level next = AlertState.next(level, v, thresholds, 2);
            Change c = AlertState.change(level, next);
            level = next;
            if (c != Change.NONE) {
                changes.add(c);
            }
        }
        return changes;
    }

    @Test
    void crossingUpAndBackDownTellsWarningThenRecovered() {
        assertThat(feed(50, 79.9, 80, 85, 79, 78.5, 77.9, 60)).containsExactly(Change.WARNING, Change.RECOVERED);
    }

    @Test
    void valueHoveringAtTheLineChangesStateOnce() {
        assertThat(feed(79.5, 80.2, 79.1, 80.4, 78.9, 80.0, 79.7, 80.1)).containsExactly(Change.WARNING);
    }

    @Test
    void jumpingStraightToCriticalTellsCriticalOnly() {
        assertThat(feed(10, 95, 96, 97)).containsExactly(Change.CRITICAL);
    }

    @Test
    void fallingFromCriticalToWarningIsACrossingToo() {
        assertThat(feed(95, 89, 87.9, 85, 50)).containsExactly(Change.CRITICAL, Change.WARNING, Change.RECOVERED);
    }

    @Test
    void unknownValuesChangeNothing() {
        assertThat(feed(85, -1, Double.NaN, -1)).containsExactly(Change.WARNING);
        assertThat(level).isEqualTo(AlertState.Level.WARNING);
    }
}
