package com.acme.plugins;

import com.acme.server.Traffic;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code classloader} leak: the plugin directory is re-deployed every {@code -DredeploySeconds} (default 7.5)
 * seconds into a fresh {@link PluginClassLoader}; the previous rules are kept "for rollback" in a static list that
 * nothing trims, so no deployment's loader or classes (three a deployment) are ever unloaded.
 */
public final class PluginHost {

    private static final List<Rule> DEPLOYED = new ArrayList<>();
    private static volatile Rule current;

    private PluginHost() {
    }

    public static void run() {
        long every = (long) (Double.parseDouble(System.getProperty("redeploySeconds", "7.5")) * 1000);
        current = deploy(0);
        Traffic.background("plugin-watcher", () -> {
            for (int n = 1; Traffic.pause(every); n++) {
                current = deploy(n);
            }
        });
        Traffic.serve(4, 200, request -> current.apply(request));
    }

    static Rule deploy(int deployment) {
        try {
            URL root = PluginHost.class.getProtectionDomain().getCodeSource().getLocation();
            PluginClassLoader loader = new PluginClassLoader(Integer.toString(deployment), new URL[] {root},
                    PluginHost.class.getClassLoader());
            Rule rule = loader.loadClass(PluginClassLoader.PLUGIN_PACKAGE + "DiscountRule").asSubclass(Rule.class)
                    .getConstructor().newInstance();
            rule.apply(deployment);
            synchronized (DEPLOYED) {
                DEPLOYED.add(rule);
            }
            return rule;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("plugin deployment " + deployment + " failed", e);
        }
    }
}
