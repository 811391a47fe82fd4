package com.acme.plugins;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * A class-loader leak for tests: each {@link #redeploy} loads {@link Rule} afresh in a new child-first loader and
 * keeps the rule, so no loader is ever unloaded.
 */
public final class Redeployer {

    private final List<Object> deployed = new ArrayList<>();

    /** One rule of one deployment; each deployment's loader defines this class again. */
    public static final class Rule {
        final byte[] config = new byte[64];
    }

    /** A loader that defines classes of this package itself (child first). */
    public static final class PluginLoader extends URLClassLoader {

        PluginLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(Rule.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name);
            }
        }
    }

    public void redeploy() throws ReflectiveOperationException {
        URL root = Redeployer.class.getProtectionDomain().getCodeSource().getLocation();
        PluginLoader loader = new PluginLoader(new URL[] {root}, Redeployer.class.getClassLoader());
        Class<?> rule = loader.loadClass(Rule.class.getName());
        deployed.add(rule.getDeclaredConstructor().newInstance());
    }

    public int deployments() {
        return deployed.size();
    }
}
