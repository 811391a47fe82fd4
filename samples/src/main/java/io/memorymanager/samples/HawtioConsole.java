package io.memorymanager.samples;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.ClassMatcher;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;

/**
 * The demo's Hawtio 4.2 console: the {@code hawtio-default} war on embedded Jetty 12 (ee10), on loopback only, reaching
 * the demo's Jolokia through Hawtio's proxy (allowed to loopback only). Hawtio's own login is off because nothing
 * but this machine can reach it. The war's own Jolokia endpoint ({@code /hawtio/jolokia}) is refused: it would
 * be a second way into this JVM without Memory Manager's policy. The page at {@code /} presets a Hawtio
 * connection named {@link #CONNECTION} in the browser and opens it, so the printed URL lands in the console,
 * connected.
 */
final class HawtioConsole implements AutoCloseable {

    static final String CONNECTION = "memory-manager";
    private final Server server;

    private HawtioConsole(Server server) {
        this.server = server;
    }

    /**
     * Starts the console on 127.0.0.1:{@code port} (0 = any free port).
     *
     * @param jolokiaPort the demo's Jolokia port, read when a browser opens the start page
     */
    static HawtioConsole start(Path war, int port, IntSupplier jolokiaPort, Supplier<String> token) {
        System.setProperty("hawtio.authenticationEnabled", "false");
        System.setProperty("hawtio.proxyAllowlist", "localhost,127.0.0.1");
        System.setProperty("hawtio.localAddressProbing", "false");
        // The war's own Jolokia servlet (refused below) takes its settings from jolokia.* system properties: give it
        // a policy that allows nothing, rather than none (which it reports as "access to all MBeans is allowed").
        System.setProperty("jolokia.policyLocation",
                "classpath:/io/memorymanager/samples/hawtio-jolokia-deny-all.xml");
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        WebAppContext hawtio = new WebAppContext();
        hawtio.setContextPath("/hawtio");
        hawtio.setWar(war.toString());
        try {
            hawtio.setTempDirectory(Files.createTempDirectory("memory-manager-hawtio").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // One SLF4J: the war carries its own API and provider; the demo's API loaded by the war would find the
        // demo's provider "not a subtype" of it. The war's classes log through the demo's SLF4J instead.
        hawtio.addProtectedClassMatcher(new ClassMatcher("org.slf4j."));
        hawtio.addFilter(new FilterHolder(new RefuseEmbeddedJolokia()), "/jolokia/*", EnumSet.of(DispatcherType.REQUEST));
        hawtio.addFilter(new FilterHolder(new ActWithToken(token)), "/proxy/*", EnumSet.of(DispatcherType.REQUEST));

        ServletContextHandler start = new ServletContextHandler();
        start.setContextPath("/");
        start.addServlet(new ServletHolder(new StartPage(jolokiaPort)), "");

        server.setHandler(new ContextHandlerCollection(hawtio, start));
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // nothing more to undo
            }
            throw new IllegalStateException("Hawtio cannot start on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        return new HawtioConsole(server);
    }

    /** The start page, e.g. {@code http://127.0.0.1:8080/}. */
    String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping anyway
        }
    }

    /** Presets the connection in the browser's local storage, then opens Hawtio on it. */
    private static final class StartPage extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient IntSupplier jolokiaPort;

        StartPage(IntSupplier jolokiaPort) {
            this.jolokiaPort = jolokiaPort;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String connection = "{\"id\":\"" + CONNECTION + "\",\"name\":\"" + CONNECTION + "\",\"scheme\":\"http\","
                    + "\"host\":\"127.0.0.1\",\"port\":" + jolokiaPort.getAsInt() + ",\"path\":\"/jolokia\"}";
            String page = "<!doctype html><meta charset=\"utf-8\"><title>Memory Manager in Hawtio</title>\n"
                    + "<p>Opening Hawtio on this JVM's Memory Manager...</p>\n<script>\n"
                    + "const all = JSON.parse(localStorage.getItem('connect.connections') || '{}');\n"
                    + "all['" + CONNECTION + "'] = " + connection + ";\n"
                    + "localStorage.setItem('connect.connections', JSON.stringify(all));\n"
                    + "location.replace('/hawtio/?con=" + CONNECTION + "');\n</script>\n";
            response.setContentType("text/html; charset=utf-8");
            response.setHeader("Cache-Control", "no-store");
            response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Gives the requests that Hawtio's proxy passes to the demo's Jolokia the agent's access token, so that the
     * console's buttons can act. The console listens on loopback only and is the demo's: anyone who can use it
     * can use this JVM's controls, as documented in the README's threat model.
     */
    private static final class ActWithToken implements Filter {
        private final Supplier<String> token;

        ActWithToken(Supplier<String> token) {
            this.token = token;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, jakarta.servlet.ServletException {
            String value = token.get();
            if (value == null) {
                chain.doFilter(request, response);
                return;
            }
            String header = "Bearer " + value;
            chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
                @Override
                public String getHeader(String name) {
                    return "Authorization".equalsIgnoreCase(name) ? header : super.getHeader(name);
                }

                @Override
                public Enumeration<String> getHeaders(String name) {
                    return "Authorization".equalsIgnoreCase(name) ? Collections.enumeration(List.of(header))
                            : super.getHeaders(name);
                }

                @Override
                public Enumeration<String> getHeaderNames() {
                    List<String> names = new ArrayList<>(Collections.list(super.getHeaderNames()));
                    names.removeIf("Authorization"::equalsIgnoreCase);
                    names.add("Authorization");
                    return Collections.enumeration(names);
                }
            }, response);
        }
    }

    /** 403 for the war's own Jolokia servlet. */
    private static final class RefuseEmbeddedJolokia implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException {
            ((HttpServletResponse) response).sendError(403, "use Memory Manager's Jolokia endpoint");
        }
    }
}
