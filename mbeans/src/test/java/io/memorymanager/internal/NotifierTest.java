package io.memorymanager.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memorymanager.Description;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.Test;

class NotifierTest {

    enum Mood { CALM, ANGRY }

    @Description("A test event")
    record Event(@Description("who") String name, @Description("how") Mood mood, @Description("how many") int count,
            @Description("how much") long bytes, @Description("what share") double share,
            @Description("whether") boolean flag) {
    }

    record Undescribed(String name) {
    }

    private final Notifier notifier = new Notifier(ObjectNames.of("Test"),
            new MBeanNotificationInfo(new String[] {"t.one"}, Notification.class.getName(), "one"));

    @Test
    void aRecordBecomesOpenDataWithItsComponentsNamesTypesAndDescriptions() {
        CompositeData data = Notifier.data(new Event("pool", Mood.ANGRY, 3, 5L, 0.5, true));
        assertThat(data.getCompositeType().getTypeName()).isEqualTo("io.memorymanager.Event");
        assertThat(data.getCompositeType().getDescription()).isEqualTo("A test event");
        assertThat(data.getCompositeType().keySet()).containsExactlyInAnyOrder("name", "mood", "count", "bytes",
                "share", "flag");
        assertThat(data.getCompositeType().getType("mood")).isEqualTo(SimpleType.STRING);
        assertThat(data.getCompositeType().getType("count")).isEqualTo(SimpleType.INTEGER);
        assertThat(data.getCompositeType().getDescription("bytes")).isEqualTo("how much");
        assertThat(data.get("mood")).as("an enum travels as its name").isEqualTo("ANGRY");
        assertThat(data.getAll(new String[] {"name", "count", "bytes", "share", "flag"}))
                .containsExactly("pool", 3, 5L, 0.5, true);
    }

    @Test
    void aComponentWithoutDescriptionIsAProgrammingError() {
        assertThatThrownBy(() -> Notifier.data(new Undescribed("x")))
                .hasMessageContaining("Undescribed.name has no @Description");
    }

    @Test
    void listenersGetNumberedNotificationsAndOneThatThrowsDoesNotStopTheOthers() throws Exception {
        assertThat(notifier.hasListeners()).isFalse();
        notifier.send("t.one", 1, "nobody listens", new Event("a", Mood.CALM, 0, 0, 0, false));
        List<Notification> got = new ArrayList<>();
        notifier.addNotificationListener((n, h) -> {
            throw new IllegalStateException("a broken listener");
        }, null, null);
        notifier.addNotificationListener((n, h) -> got.add(n), n -> n.getType().equals("t.one"), null);
        notifier.send("t.one", 10, "first", new Event("a", Mood.CALM, 1, 0, 0, false));
        notifier.send("t.other", 11, "filtered out", null);
        notifier.send("t.one", 12, "no payload", null);
        assertThat(got).extracting(Notification::getMessage).containsExactly("first", "no payload");
        assertThat(got).extracting(Notification::getSequenceNumber).containsExactly(1L, 3L);
        assertThat(got.get(0).getSource()).isEqualTo(ObjectNames.of("Test"));
        assertThat(((CompositeData) got.get(0).getUserData()).get("count")).isEqualTo(1);
        assertThat(got.get(1).getUserData()).isNull();
        assertThat(notifier.getNotificationInfo()).hasSize(1);
    }
}
