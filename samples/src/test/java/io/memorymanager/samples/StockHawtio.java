package io.memorymanager.samples;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.ClassMatcher;

/**
 * A stock Hawtio 4.2 for a test: the {@code hawtio-default} war as it comes from Maven Central (the copy inside the
 * console's jar), without Memory Manager's plugin or proxy gate, on embedded Jetty 12 on loopback; its login is off
 * and its proxy allowed to loopback, as a person running Hawtio next to an agent would set it. The page at
 * {@code /} presets a connection to the agent in the browser and opens Hawtio on it.
 */
final class StockHawtio implements AutoCloseable {

    private static final String WAR = "io/memorymanager/console/hawtio-default.war";
    private final Server server;

    private StockHawtio(Server server) {
        this.server = server;
    }

    static StockHawtio start(Path workDirectory, int jolokiaPort) throws Exception {
        Path war = workDirectory.resolve("hawtio-default.war");
        try (InputStream in = StockHawtio.class.getClassLoader().getResourceAsStream(WAR)) {
            if (in == null) {
                throw new IllegalStateException("no " + WAR + " on the class path (the console's jar has it)");
            }
            Files.copy(in, war, StandardCopyOption.REPLACE_EXISTING);
        }
        System.setProperty("hawtio.authenticationEnabled", "false");
        System.setProperty("hawtio.proxyAllowlist", "localhost,127.0.0.1");
        System.setProperty("hawtio.localAddressProbing", "false");
        System.setProperty("jolokia.policyLocation", "classpath:/io/memorymanager/console/hawtio-jolokia-deny-all.xml");
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebAppContext hawtio = new WebAppContext();
        hawtio.setContextPath("/hawtio");
        hawtio.setWar(war.toString());
        hawtio.setTempDirectory(Files.createDirectories(workDirectory.resolve("jetty")).toFile());
        // one SLF4J: the war's classes log through the test's
        hawtio.addProtectedClassMatcher(new ClassMatcher("org.slf4j."));
        // the war's own Jolokia would be a second way into the test JVM
        hawtio.addFilter(new FilterHolder(new Refuse()), "/jolokia/*", EnumSet.of(DispatcherType.REQUEST));
        ServletContextHandler start = new ServletContextHandler();
        start.setContextPath("/");
        start.addServlet(new ServletHolder(new StartPage(jolokiaPort)), "");
        server.setHandler(new ContextHandlerCollection(hawtio, start));
        server.start();
        return new StockHawtio(server);
    }

    String url() {
        return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/";
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Hawtio did not stop: " + e.getMessage(), e);
        }
    }

    private static final class StartPage extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final int jolokiaPort;

        StartPage(int jolokiaPort) {
            this.jolokiaPort = jolokiaPort;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String connection = "{\"id\":\"agent\",\"name\":\"agent\",\"scheme\":\"http\",\"host\":\"127.0.0.1\","
                    + "\"port\":" + jolokiaPort + ",\"path\":\"/jolokia\"}";
            String page = "<!doctype html><meta charset=\"utf-8\"><title>Hawtio</title>\n<script>\n"
                    + "const all = JSON.parse(localStorage.getItem('connect.connections') || '{}');\n"
                    + "all['agent'] = " + connection + ";\n"
                    + "localStorage.setItem('connect.connections', JSON.stringify(all));\n"
                    + "location.replace('/hawtio/?con=agent');\n</script>\n";
            response.setContentType("text/html; charset=utf-8");
            response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final class Refuse implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException {
            ((HttpServletResponse) response).sendError(403, "not this JVM");
        }
    }
}
