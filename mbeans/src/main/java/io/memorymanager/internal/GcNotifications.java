package io.memorymanager.internal;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;

/** Following the collectors: the long-lived heap pool, and subscriptions to every collector's notifications. */
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

    /** Sends every collection's notification to {@code listener} until the returned subscription is closed. */
    public static AutoCloseable subscribe(NotificationListener listener) {
        return subscribe(listener, ManagementFactory.getGarbageCollectorMXBeans());
    }

    /** Sends the collections of {@code collectors} to {@code listener} until the returned subscription is closed. */
    public static AutoCloseable subscribe(NotificationListener listener, List<GarbageCollectorMXBean> collectors) {
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
