package io.memorymanager.console;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Memory Manager plugin's registration with Hawtio: the MBean {@code hawtio:type=plugin,name=memoryManager} in
 * the platform MBean server of the JVM that runs Hawtio. Registering never throws into the host: a failure is
 * logged, and Hawtio then simply shows no Memory page.
 */
public final class HawtioPlugin implements HawtioPluginMBean, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HawtioPlugin.class);
    /** The registration in place: closing one that another has replaced leaves the other alone. */
    private static HawtioPlugin current;
    /** The webpack Module Federation container's name (webpack.config.cjs). */
    public static final String SCOPE = "memoryManager";
    /** Where the plugin's files are below a web application's context: META-INF/resources/memory-manager. */
    public static final String PATH = "/memory-manager";

    private final String url;
    private final ObjectName name;
    private final MBeanServer server;
    private boolean registered;  // guarded by HawtioPlugin.class

    private HawtioPlugin(String url, ObjectName name, MBeanServer server) {
        this.url = url;
        this.name = name;
        this.server = server;
    }

    /**
     * Registers the plugin, replacing an earlier registration of it.
     *
     * @param url where remoteEntry.js is served, e.g. {@code /memory-manager} or {@code /hawtio/memory-manager}
     */
    public static synchronized HawtioPlugin register(String url) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        HawtioPlugin plugin = null;
        try {
            ObjectName name = new ObjectName("hawtio:type=plugin,name=" + SCOPE);
            plugin = new HawtioPlugin(url, name, server);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(plugin, name);
            plugin.registered = true;
            if (current != null) {
                current.registered = false;
            }
            current = plugin;
        } catch (JMException | RuntimeException e) {
            LOG.warn("Cannot register the Memory Manager plugin with Hawtio: {}", e.toString());
        }
        return plugin;
    }

    @Override
    public String getUrl() {
        return url;
    }

    @Override
    public String getScope() {
        return SCOPE;
    }

    @Override
    public String getModule() {
        return "./plugin";
    }

    @Override
    public String getRemoteEntryFileName() {
        return "remoteEntry.js";
    }

    @Override
    public Boolean getBustRemoteEntryCache() {
        return null;
    }

    @Override
    public String getPluginEntry() {
        return "plugin";
    }

    @Override
    public void close() {
        synchronized (HawtioPlugin.class) {
            if (!registered) {
                return;
            }
            registered = false;
            current = null;
            try {
                server.unregisterMBean(name);
            } catch (JMException | RuntimeException e) {
                LOG.debug("The Memory Manager plugin MBean was already gone: {}", e.toString());
            }
        }
    }
}
