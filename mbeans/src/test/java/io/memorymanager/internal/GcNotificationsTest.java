package io.memorymanager.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The one source of collection events: decoded once, shared by every follower, unsubscribed when none is left. */
@Tag("gc")
class GcNotificationsTest {

    @Test
    void aCollectionReadFromItsOpenDataAsAskedIsWhatTheFullDecodeFinds() throws Exception {
        List<CompositeData> seen = new CopyOnWriteArrayList<>();
        NotificationListener listener = (n, h) -> seen.add((CompositeData) n.getUserData());
        List<NotificationEmitter> emitters = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(NotificationEmitter.class::cast).toList();
        emitters.forEach(e -> e.addNotificationListener(listener, null, null));
        try {
            System.gc();
            await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
        } finally {
            for (NotificationEmitter e : emitters) {
                e.removeNotificationListener(listener);
            }
        }
        for (CompositeData data : seen) {
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(data);
            GcInfo full = info.getGcInfo();
            GcNotifications.GcEvent event = GcNotifications.event(data);
            assertThat(event.collector()).isEqualTo(info.getGcName());
            assertThat(event.action()).isEqualTo(info.getGcAction());
            assertThat(event.cause()).isEqualTo(info.getGcCause());
            assertThat(event.durationMillis()).isEqualTo(full.getDuration());
            assertThat(event.after().getClass()).as("read as asked, not decoded whole")
                    .isNotEqualTo(full.getMemoryUsageAfterGc().getClass());
            assertSameUsage(event.before(), full.getMemoryUsageBeforeGc());
            assertSameUsage(event.after(), full.getMemoryUsageAfterGc());
            assertThat(event.after().get("no such pool")).isNull();
            assertThat(event.after().get(42)).isNull();
        }
    }

    private static void assertSameUsage(Map<String, MemoryUsage> read, Map<String, MemoryUsage> decoded) {
        assertThat(read.keySet()).isEqualTo(decoded.keySet()).isNotEmpty();
        for (Map.Entry<String, MemoryUsage> e : decoded.entrySet()) {
            MemoryUsage r = read.get(e.getKey());
            assertThat(read).containsKey(e.getKey());
            assertThat(List.of(r.getInit(), r.getUsed(), r.getCommitted(), r.getMax())).as(e.getKey()).isEqualTo(
                    List.of(e.getValue().getInit(), e.getValue().getUsed(), e.getValue().getCommitted(),
                            e.getValue().getMax()));
        }
    }

    @Test
    void everyFollowerGetsTheSameDecodedEventAndTheLastToLeaveUnsubscribes() throws Exception {
        int before = GcNotifications.followers();
        List<GcNotifications.GcEvent> a = new CopyOnWriteArrayList<>();
        List<GcNotifications.GcEvent> b = new CopyOnWriteArrayList<>();
        AutoCloseable first = GcNotifications.follow(a::add);
        AutoCloseable broken = GcNotifications.follow(e -> {
            throw new IllegalStateException("a follower that fails");
        });
        AutoCloseable second = GcNotifications.follow(b::add);
        assertThat(GcNotifications.followers()).isEqualTo(before + 3);
        assertThat(GcNotifications.listening()).isTrue();
        System.gc();
        await().atMost(Duration.ofSeconds(10)).until(() -> b.stream().anyMatch(e -> e.cause().equals("System.gc()")));
        // other collections may come and go: the one System.gc() made reached both followers as one object
        GcNotifications.GcEvent event = b.stream().filter(e -> e.cause().equals("System.gc()")).findFirst()
                .orElseThrow();
        assertThat(a).as("decoded once, the same event for both").anyMatch(e -> e == event);
        assertThat(event.collector()).isNotBlank();
        assertThat(event.after()).isNotEmpty();
        first.close();
        broken.close();
        second.close();
        second.close();
        assertThat(GcNotifications.followers()).isEqualTo(before);
        if (before == 0) {
            assertThat(GcNotifications.listening()).as("nobody follows: no listener on the collectors").isFalse();
        }
        int seen = a.size();
        System.gc();
        Thread.sleep(500);
        assertThat(a).as("no event after closing").hasSize(seen);
    }
}
