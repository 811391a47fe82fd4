package com.acme.events;

import java.util.ArrayList;
import java.util.List;

/** The application's in-process event bus: one for the whole JVM, listeners called in registration order. */
public final class EventBus {

    /** Receives every event published. */
    @FunctionalInterface
    public interface Listener {
        void onEvent(Object event);
    }

    private static final EventBus INSTANCE = new EventBus();

    private final List<Listener> listeners = new ArrayList<>();

    private EventBus() {
    }

    public static EventBus get() {
        return INSTANCE;
    }

    public synchronized void register(Listener listener) {
        listeners.add(listener);
    }

    public synchronized void unregister(Listener listener) {
        listeners.remove(listener);
    }

    public synchronized int size() {
        return listeners.size();
    }

    public void publish(Object event) {
        Listener[] snapshot;
        synchronized (this) {
            snapshot = listeners.toArray(new Listener[0]);
        }
        for (Listener l : snapshot) {
            l.onEvent(event);
        }
    }
}
