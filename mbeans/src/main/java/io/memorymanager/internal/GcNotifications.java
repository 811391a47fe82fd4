package io.memorymanager.internal;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * Following the collectors: the long-lived heap pool, and one source of collection events that every follower
 * (the live-set floor, the leak detector's sawtooth, the breakers' heap after GC) shares.
 */
public final class GcNotifications {

    private static final Pattern LONG_LIVED = Pattern.compile("(?i).*(old|tenured).*");
    private static final NotificationFilter GC_ONLY =
            n -> GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType());

    private GcNotifications() {
    }

    /**
     * The long-lived pool among the heap pools' names: the one named old or tenured (G1, Parallel, Serial,
     * generational ZGC), else the only heap pool of a single-generation collector (ZGC, Shenandoah, Epsilon).
     */
    public static Optional<String> longLivedPool(List<String> heapPoolNames) {
        Optional<String> old = heapPoolNames.stream().filter(n -> LONG_LIVED.matcher(n).matches()).findFirst();
        if (old.isPresent() || heapPoolNames.size() != 1) {
            return old;
        }
        return Optional.of(heapPoolNames.get(0));
    }

    /** The names of this JVM's heap pools. */
    public static List<String> heapPoolNames(List<MemoryPoolMXBean> pools) {
        return pools.stream().filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).toList();
    }

    /**
     * One collection, decoded once for every follower: the collector, its action ({@code end of major GC}, ...),
     * cause, duration and each pool's usage before and after.
     */
    public record GcEvent(String collector, String action, String cause, long durationMillis,
            Map<String, MemoryUsage> before, Map<String, MemoryUsage> after) {

        /** Whether the collection was a major one (full, or the old generation's). */
        public boolean major() {
            return action != null && action.contains("major");
        }
    }

    private static final List<Consumer<GcEvent>> FOLLOWERS = new CopyOnWriteArrayList<>();
    private static final NotificationListener DECODER = (notification, handback) -> publish(notification);
    private static AutoCloseable platformSubscription;   // guarded by GcNotifications.class

    /**
     * Calls {@code follower} with every collection of this JVM's collectors, on the JVM's notification thread,
     * until the returned subscription is closed. However many follow, each notification is decoded once: one listener
     * per collector while anyone follows, none when nobody does. A follower that throws is skipped for that event.
     */
    public static AutoCloseable follow(Consumer<GcEvent> follower) {
        synchronized (GcNotifications.class) {
            if (platformSubscription == null) {
                platformSubscription = subscribe(DECODER, ManagementFactory.getGarbageCollectorMXBeans());
            }
            FOLLOWERS.add(follower);
        }
        return () -> {
            synchronized (GcNotifications.class) {
                if (FOLLOWERS.remove(follower) && FOLLOWERS.isEmpty() && platformSubscription != null) {
                    platformSubscription.close();
                    platformSubscription = null;
                }
            }
        };
    }

    /** How many follow now, for tests. */
    static int followers() {
        return FOLLOWERS.size();
    }

    /** Whether the decoder listens to the collectors now, for tests. */
    static synchronized boolean listening() {
        return platformSubscription != null;
    }

    private static void publish(Notification notification) {
        GcEvent event;
        try {
            event = event((CompositeData) notification.getUserData());
        } catch (RuntimeException e) {
            return;   // a notification we cannot read is one collection fewer for everybody
        }
        for (Consumer<GcEvent> f : FOLLOWERS) {
            try {
                f.accept(event);
            } catch (RuntimeException e) {
                // one follower's failure must not keep the others from seeing the collection
            }
        }
    }

    /**
     * One notification's collection. The JDK hands it over as plain open data: decoding it whole
     * ({@link GarbageCollectionNotificationInfo#from}) builds every pool's usage twice over, about 3 KB a collection,
     * where the followers read two or three pools; so the pools are read from the open data as they are asked for.
     * Data of another shape is decoded whole.
     */
    static GcEvent event(CompositeData data) {
        if (data.get("gcInfo") instanceof CompositeData gc
                && gc.get("memoryUsageBeforeGc") instanceof TabularData before
                && gc.get("memoryUsageAfterGc") instanceof TabularData after
                && gc.get("duration") instanceof Long duration) {
            return new GcEvent((String) data.get("gcName"), (String) data.get("gcAction"), (String) data.get("gcCause"),
                    duration, new UsageByPool(before), new UsageByPool(after));
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(data);
        GcInfo gc = info.getGcInfo();
        return new GcEvent(info.getGcName(), info.getGcAction(), info.getGcCause(), gc.getDuration(),
                gc.getMemoryUsageBeforeGc(), gc.getMemoryUsageAfterGc());
    }

    /** Pool name to usage over the open data of a collection: each pool decoded when asked for. Read-only. */
    private static final class UsageByPool extends AbstractMap<String, MemoryUsage> {

        private final TabularData rows;

        UsageByPool(TabularData rows) {
            this.rows = rows;
        }

        @Override
        public MemoryUsage get(Object pool) {
            if (!(pool instanceof String)) {
                return null;
            }
            CompositeData row = rows.get(new Object[] {pool});
            return row == null ? null : MemoryUsage.from((CompositeData) row.get("value"));
        }

        @Override
        public boolean containsKey(Object pool) {
            return pool instanceof String && rows.containsKey(new Object[] {pool});
        }

        @Override
        public Set<Map.Entry<String, MemoryUsage>> entrySet() {
            Set<Map.Entry<String, MemoryUsage>> entries = new LinkedHashSet<>();
            for (Object row : rows.values()) {
                CompositeData r = (CompositeData) row;
                entries.add(new SimpleImmutableEntry<>((String) r.get("key"),
                        MemoryUsage.from((CompositeData) r.get("value"))));
            }
            return Collections.unmodifiableSet(entries);
        }
    }

    // Sends the collections of collectors to listener until the returned subscription is closed.
    private static AutoCloseable subscribe(NotificationListener listener, List<GarbageCollectorMXBean> collectors) {
        List<NotificationEmitter> emitters = new ArrayList<>();
        for (GarbageCollectorMXBean gc : collectors) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, GC_ONLY, null);
                emitters.add(emitter);
            }
        }
        return () -> {
            for (NotificationEmitter emitter : emitters) {
                try {
                    emitter.removeNotificationListener(listener, GC_ONLY, null);
                } catch (ListenerNotFoundException e) {
                    // gone already
                }
            }
            emitters.clear();
        };
    }
}
