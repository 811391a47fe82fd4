package io.memorymanager.pool;

import io.memorymanager.internal.ObjectNames;
import java.util.Comparator;
import java.util.List;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The object pools a {@code MemoryManager} manages: every pool with an MBean ({@code io.memorymanager:type=ObjectPool})
 * in its MBeanServer, whichever class loader built it (the agent's isolated copy of Memory Manager reaches the
 * application's pools this way). A pool built with {@code registerMBean(false)} is the application's alone and is
 * not managed. The registry keeps no state: it asks the server, so a closed pool is gone from it at once.
 */
public final class PoolRegistry {

    private static final ObjectName POOLS = ObjectNames.parse(ObjectNames.DOMAIN + ":type=ObjectPool,*");

    private final MBeanServer server;

    public PoolRegistry(MBeanServer server) {
        this.server = server;
    }

    /** The managed pools open now, by name; each is an MXBean proxy (a pool closed meanwhile throws on use). */
    public List<ObjectPoolMXBean> pools() {
        return server.queryNames(POOLS, null).stream()
                .sorted(Comparator.comparing(n -> String.valueOf(n.getKeyProperty("name"))))
                .map(n -> JMX.newMXBeanProxy(server, n, ObjectPoolMXBean.class))
                .toList();
    }
}
