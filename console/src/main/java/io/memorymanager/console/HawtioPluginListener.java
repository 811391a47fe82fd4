package io.memorymanager.console;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Adds the Memory page to an existing Hawtio 4.2 web application, the way hawtio/hawtio's
 * {@code examples/war-plugin} does: put this jar in the war's {@code WEB-INF/lib} (its
 * {@code META-INF/resources/memory-manager/} is then served at {@code <context>/memory-manager/}) and declare this
 * listener in the war's {@code web.xml}. It registers the plugin MBean for that location and unregisters it when
 * the application stops.
 */
public final class HawtioPluginListener implements ServletContextListener {

    private HawtioPlugin plugin;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        plugin = HawtioPlugin.register(event.getServletContext().getContextPath() + HawtioPlugin.PATH);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (plugin != null) {
            plugin.close();
        }
    }
}
