package com.acme.plugins;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads one deployment of the pricing plugins: classes of {@code com.acme.plugins.impl} come from this loader's
 * own URLs (child first, so each deployment gets fresh classes); everything else, {@link Rule} included, from the
 * application.
 */
public final class PluginClassLoader extends URLClassLoader {

    static final String PLUGIN_PACKAGE = "com.acme.plugins.impl.";

    static {
        registerAsParallelCapable();
    }

    public PluginClassLoader(String deployment, URL[] urls, ClassLoader parent) {
        super("plugins-" + deployment, urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(PLUGIN_PACKAGE)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}
