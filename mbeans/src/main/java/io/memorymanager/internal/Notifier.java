package io.memorymanager.internal;

import io.memorymanager.Description;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifications of one MBean, held by it (not extended): listeners, the sequence numbers, and the payload,
 * built from a record so that its item names, types and descriptions are written once, on the record's
 * components ({@link Description}). It can say whether anybody listens, so that the MBean builds no message when
 * nobody does (as the JDK's {@code MemoryImpl}). Listeners are called on the sending thread; one that throws is
 * logged and does not stop delivery to the others.
 *
 * <p>A payload record's components are {@code String}, {@code int}, {@code long}, {@code double}, {@code boolean}
 * or an enum (sent as its name).
 */
public final class Notifier implements NotificationEmitter {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final Map<Class<?>, CompositeType> TYPES = new ConcurrentHashMap<>();

    private record Registration(NotificationListener listener, NotificationFilter filter, Object handback) {
    }

    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final ObjectName source;
    private final AtomicLong sequence = new AtomicLong();
    private final MBeanNotificationInfo[] info;

    /** @param source the ObjectName the notifications come from */
    public Notifier(ObjectName source, MBeanNotificationInfo... info) {
        this.source = source;
        this.info = info.clone();
    }

    /** Whether at least one listener is registered. */
    public boolean hasListeners() {
        return !registrations.isEmpty();
    }

    /**
     * Sends a notification of {@code type} with {@code message}, and {@code payload} (a record, or null) as its
     * user data, to every listener whose filter accepts it.
     */
    public void send(String type, long timeMillis, String message, Record payload) {
        if (registrations.isEmpty()) {
            return;
        }
        Notification n = new Notification(type, source, sequence.incrementAndGet(), timeMillis, message);
        if (payload != null) {
            n.setUserData(data(payload));
        }
        for (Registration r : registrations) {
            try {
                if (r.filter() == null || r.filter().isNotificationEnabled(n)) {
                    r.listener().handleNotification(n, r.handback());
                }
            } catch (RuntimeException e) {
                LOG.warn("A listener failed on notification {}: {}", type, e.toString());
            }
        }
    }

    /** {@code record} as open data: one item per component, named as it, described by its {@link Description}. */
    public static CompositeData data(Record record) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        String[] names = new String[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            names[i] = components[i].getName();
            try {
                Method accessor = components[i].getAccessor();
                accessor.setAccessible(true);   // payload records are their package's own
                Object v = accessor.invoke(record);
                values[i] = v instanceof Enum<?> e ? e.name() : v;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + names[i] + " of " + record.getClass(), e);
            }
        }
        try {
            return new CompositeDataSupport(typeOf(record.getClass()), names, values);
        } catch (OpenDataException e) {
            throw new IllegalStateException(record.getClass() + " does not match its open type", e);
        }
    }

    /**
     * The open type of a payload record: named {@code io.memorymanager.<SimpleName>}, described by the record's
     * {@link Description}; a component without one is a programming error.
     */
    public static CompositeType typeOf(Class<? extends Record> type) {
        return TYPES.computeIfAbsent(type, Notifier::newType);
    }

    private static CompositeType newType(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        String[] names = new String[components.length];
        String[] descriptions = new String[components.length];
        OpenType<?>[] types = new OpenType<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            names[i] = components[i].getName();
            Description d = components[i].getAccessor().getAnnotation(Description.class);
            if (d == null) {
                throw new IllegalStateException(type.getName() + "." + names[i] + " has no @Description");
            }
            descriptions[i] = d.value();
            types[i] = openType(components[i].getType());
        }
        Description d = type.getAnnotation(Description.class);
        try {
            return new CompositeType(ObjectNames.DOMAIN + "." + type.getSimpleName(),
                    d == null ? type.getSimpleName() : d.value(), names, descriptions, types);
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OpenType<?> openType(Class<?> c) {
        if (c == String.class || c.isEnum()) {
            return SimpleType.STRING;
        }
        if (c == int.class) {
            return SimpleType.INTEGER;
        }
        if (c == long.class) {
            return SimpleType.LONG;
        }
        if (c == double.class) {
            return SimpleType.DOUBLE;
        }
        if (c == boolean.class) {
            return SimpleType.BOOLEAN;
        }
        throw new IllegalStateException("a notification payload cannot carry a " + c.getName());
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
        for (int i = 0; i < registrations.size(); i++) {
            Registration r = registrations.get(i);
            // by identity, as JMX matches them: equal but distinct handbacks are different registrations
            if (r.listener() == listener && r.filter() == filter && r.handback() == handback) {
                registrations.remove(i);
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
