package io.memorymanager.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The one source of collection events: decoded once, shared by every follower, unsubscribed when none is left. */
@Tag("gc")
class GcNotificationsTest {

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
