package io.memorymanager.pool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A factory that records what it made and destroyed, and can be told to fail. */
class CountingFactory implements ObjectFactory<Counted> {

    final List<Counted> made = new CopyOnWriteArrayList<>();
    final AtomicInteger destroyCalls = new AtomicInteger();
    volatile boolean failCreate;

    @Override
    public Counted create() {
        if (failCreate) {
            throw new IllegalStateException("factory told to fail");
        }
        Counted c = new Counted();
        made.add(c);
        return c;
    }

    @Override
    public boolean validate(Counted object) {
        return object.valid;
    }

    @Override
    public void destroy(Counted object) {
        if (!object.destroyed.compareAndSet(false, true)) {
            throw new AssertionError(object + " destroyed twice");
        }
        destroyCalls.incrementAndGet();
    }
}
