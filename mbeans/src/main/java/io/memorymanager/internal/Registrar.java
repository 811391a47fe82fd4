package io.memorymanager.internal;

import java.util.ArrayList;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers MBeans and remembers what it registered, so that {@link #close()} removes exactly those.
 * Registration never throws into the host application: a failure is logged once and the MBean is skipped.
 */
public final class Registrar implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);

    private final MBeanServer server;
    private final List<ObjectName> registered = new ArrayList<>();

    public Registrar(MBeanServer server) {
        this.server = server;
    }

    /**
     * Registers {@code mbean} under {@code name}.
     *
     * @return whether it was registered; {@code false} (and one WARN) when the name is taken or the server refused
     */
    public synchronized boolean register(ObjectName name, Object mbean) {
        try {
            server.registerMBean(mbean, name);
            registered.add(name);
            return true;
        } catch (JMException | RuntimeException e) {
            LOG.warn("Could not register MBean {}: {}", name, e.toString());
            return false;
        }
    }

    /** Unregisters every MBean this registrar registered, newest first; failures are logged, not thrown. */
    @Override
    public synchronized void close() {
        for (int i = registered.size() - 1; i >= 0; i--) {
            ObjectName name = registered.get(i);
            try {
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
            } catch (JMException | RuntimeException e) {
                LOG.warn("Could not unregister MBean {}: {}", name, e.toString());
            }
        }
        registered.clear();
    }
}
