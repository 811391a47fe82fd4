package io.memorymanager.console;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee.webapp.WebAppClassLoader;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.ClassMatcher;

/**
 * Hawtio 4.2 (the {@code hawtio-default} war) on embedded Jetty 12 (ee10), on 127.0.0.1 only, with Memory
 * Manager's plugin: its files at {@code /memory-manager/} (Hawtio's origin, as its CSP wants) and its MBean in this
 * JVM for Hawtio's {@code /plugin} endpoint. Hawtio's login is off because only this machine can reach it. The
 * war's own Jolokia endpoint is refused (it would be a way into this JVM), and its proxy reaches the console's
 * agents only ({@link ProxyGate}).
 */
final class ConsoleServer implements AutoCloseable {

    private final Server server;
    private final HawtioPlugin plugin;

    private ConsoleServer(Server server, HawtioPlugin plugin) {
        this.server = server;
        this.plugin = plugin;
    }

    /** Starts the console; the war is read from {@code war}. */
    static ConsoleServer start(ConsoleOptions options, Path war) {
        System.setProperty("hawtio.authenticationEnabled", "false");
        System.setProperty("hawtio.proxyAllowlist", options.proxyAllowlist());
        System.setProperty("hawtio.localAddressProbing", "false");
        // The war's own Jolokia servlet (refused below) takes its settings from jolokia.* system properties: give it
        // a policy that allows nothing, rather than none (which it reports as "access to all MBeans is allowed").
        System.setProperty("jolokia.policyLocation", "classpath:/io/memorymanager/console/hawtio-jolokia-deny-all.xml");

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(options.port());
        server.addConnector(connector);

        WebAppContext hawtio = new WebAppContext();
        hawtio.setContextPath("/hawtio");
        hawtio.setWar(war.toString());
        try {
            hawtio.setTempDirectory(Files.createTempDirectory("memory-manager-console-hawtio").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // One SLF4J: the war carries its own API and provider; ours loaded by the war would find our provider "not
        // a subtype" of it. The war's classes log through the console's SLF4J instead.
        hawtio.addProtectedClassMatcher(new ClassMatcher("org.slf4j."));
        // The war brings Jolokia 2.1; a program that embeds the console may have another Jolokia on its class path
        // (the demo has the agent's), whose service files the war's Jolokia would read and fail on. The war sees
        // none of it.
        hawtio.setClassLoader(new WebAppClassLoader(new WithoutJolokia(ConsoleServer.class.getClassLoader()),
                hawtio));
        hawtio.addFilter(new FilterHolder(new RefuseEmbeddedJolokia()), "/jolokia/*",
                EnumSet.of(DispatcherType.REQUEST));
        ProxyGate gate = new ProxyGate(options.agents(), () -> origins(connector.getLocalPort()));
        hawtio.addFilter(new FilterHolder(gate), "/proxy/*", EnumSet.of(DispatcherType.REQUEST));

        ServletContextHandler root = new ServletContextHandler();
        root.setContextPath("/");
        root.addServlet(new ServletHolder(new StartPage(options.agents())), "");
        root.addServlet(new ServletHolder(new PluginAssets()), HawtioPlugin.PATH + "/*");

        server.setHandler(new ContextHandlerCollection(hawtio, root));
        HawtioPlugin plugin = HawtioPlugin.register(HawtioPlugin.PATH);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // nothing more to undo
            }
            if (plugin != null) {
                plugin.close();
            }
            String why = e.getMessage();
            if (e instanceof IOException && options.port() != 0) {
                why += "; is port " + options.port() + " taken? --port N chooses another, --port 0 any free one";
            }
            throw new IllegalStateException("the console cannot start on 127.0.0.1:" + options.port() + ": " + why, e);
        }
        return new ConsoleServer(server, plugin);
    }

    /** The browser origins of the console's pages. */
    static Set<String> origins(int port) {
        return Set.of("http://127.0.0.1:" + port, "http://localhost:" + port, "http://[::1]:" + port);
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** The start page, e.g. {@code http://127.0.0.1:8080/}. */
    String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping anyway
        }
        if (plugin != null) {
            plugin.close();
        }
    }

    /** The console's class loader, without Jolokia's classes and service files. */
    static final class WithoutJolokia extends ClassLoader {
        WithoutJolokia(ClassLoader parent) {
            super(parent);
        }

        private static boolean hidden(String resource) {
            return resource.startsWith("org/jolokia/") || resource.startsWith("META-INF/jolokia/");
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.jolokia.")) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            return hidden(name) ? null : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return hidden(name) ? Collections.emptyEnumeration() : super.getResources(name);
        }
    }

    /** 403 for the war's own Jolokia servlet. */
    private static final class RefuseEmbeddedJolokia implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException {
            ((HttpServletResponse) response).sendError(403, "the console's own JVM is not served; "
                    + "use an agent's connection");
        }
    }
}
