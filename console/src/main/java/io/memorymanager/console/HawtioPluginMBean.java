package io.memorymanager.console;

/**
 * What Hawtio 4.2's {@code /plugin} endpoint ({@code io.hawt.web.plugin.PluginServlet}) reads from every MBean named
 * {@code hawtio:type=plugin,name=*} of the JVM that runs Hawtio, by these attribute names, to load a remote plugin
 * with Module Federation: {@code <Url>/<RemoteEntryFileName>}, container {@code Scope}, exposed {@code Module}.
 * The same attributes as Hawtio's own {@code io.hawt.web.plugin.HawtioPluginMBean}, without depending on it.
 */
public interface HawtioPluginMBean {

    /** Where remoteEntry.js is, without a trailing slash: a path on Hawtio's own origin (its CSP is 'self'). */
    String getUrl();

    /** The Module Federation container's name: {@code memoryManager}. */
    String getScope();

    /** The exposed module: {@code ./plugin}. */
    String getModule();

    String getRemoteEntryFileName();

    /** Null: Hawtio's default, which adds a timestamp so that a new build is never served from a cache. */
    Boolean getBustRemoteEntryCache();

    /** The entry function of the module: {@code plugin}. */
    String getPluginEntry();
}
