package io.memorymanager.internal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link NotificationEmitter} that can say whether anybody listens, so that an emitter does no work
 * (no payload built) when nobody does, as the JDK's {@code MemoryImpl} does. Listeners are called on the
 * sending thread; one that throws is logged and does not stop delivery to the others.
 */
public class NotificationSupport implements NotificationEmitter {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationSupport.class);

    private record Registration(NotificationListener listener, NotificationFilter filter, Object handback) {
    }

    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final MBeanNotificationInfo[] info;

    public NotificationSupport(MBeanNotificationInfo... info) {
        this.info = info.clone();
    }

    /** Whether at least one listener is registered. */
    public boolean hasListeners() {
        return !registrations.isEmpty();
    }

    /** Delivers {@code notification} to every listener whose filter accepts it. */
    public void send(Notification notification) {
        for (Registration r : registrations) {
            try {
                if (r.filter() == null || r.filter().isNotificationEnabled(notification)) {
                    r.listener().handleNotification(notification, r.handback());
                }
            } catch (RuntimeException e) {
                LOG.warn("A listener failed on notification {}: {}", notification.getType(), e.toString());
            }
        }
    }

    @Override
    public void addNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback) {
        Objects.requireNonNull(listener, "listener");
        registrations.add(new Registration(listener, filter, handback));
    }

    @Override
    public void removeNotificationListener(NotificationListener listener) throws ListenerNotFoundException {
        if (!registrations.removeIf(r -> r.listener() == listener)) {
            throw new ListenerNotFoundException("listener is not registered");
        }
    }

    @Override
    public void removeNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback)
            throws ListenerNotFoundException {
        for (Registration r : registrations) {
            if (r.listener() == listener && r.filter() == filter && r.handback() == handback) {
                registrations.remove(r);
                return;
            }
        }
        throw new ListenerNotFoundException("listener is not registered with that filter and handback");
    }

    @Override
    public MBeanNotificationInfo[] getNotificationInfo() {
        return info.clone();
    }
}
