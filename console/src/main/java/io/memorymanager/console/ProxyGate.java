package io.memorymanager.console;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Stands in front of Hawtio's proxy ({@code /hawtio/proxy/*}), which otherwise reaches any port of any allowed
 * host. It lets through only:
 * <ul>
 *   <li>requests for one of the console's agents ({@code /<scheme>/<host>/<port>/<agent path>...}, the form Hawtio
 *       makes of a connection), 403 for anything else;</li>
 *   <li>from the console's own pages: a browser {@code Origin} other than the console's, or a cross-site fetch
 *       ({@code Sec-Fetch-Site}), is refused here, since the request would otherwise act with the console's
 *       credentials.</li>
 * </ul>
 * What it lets through goes on without the browser's {@code Origin} (the console has judged it; the agent, which
 * allows only its own origin, would refuse the console's) and with the agent's credentials, if the console has
 * them: the console listens on loopback only and whoever can use it can use those agents' controls.
 */
final class ProxyGate implements Filter {

    private final List<AgentTarget> agents;
    private final Supplier<Set<String>> origins;

    /**
     * @param origins the console's own origins (known once it listens), e.g. {@code http://127.0.0.1:8080}
     */
    ProxyGate(List<AgentTarget> agents, Supplier<Set<String>> origins) {
        this.agents = List.copyOf(agents);
        this.origins = origins;
    }

    /** The agent a proxy path such as {@code /http/127.0.0.1/8778/jolokia/read/x} is for, or null. */
    AgentTarget target(String pathInfo) {
        if (pathInfo == null || !pathInfo.startsWith("/") || pathInfo.contains("@") || pathInfo.contains("..")) {
            return null;
        }
        String[] parts = pathInfo.substring(1).split("/", 4);
        if (parts.length < 4) {
            return null;
        }
        String scheme = parts[0].toLowerCase(Locale.ROOT);
        String host = parts[1];
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            return null;
        }
        String path = "/" + parts[3];
        for (AgentTarget agent : agents) {
            if (agent.matches(scheme, host, port, path)) {
                return agent;
            }
        }
        return null;
    }

    /** Why a browser request must not go on, or null. */
    String refusal(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null && !origins.get().contains(origin.toLowerCase(Locale.ROOT))) {
            return "requests from origin " + clip(origin) + " are not allowed; use the console's own pages";
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return "cross-site requests are not allowed";
        }
        return null;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if ("/enabled".equals(request.getPathInfo())) {
            chain.doFilter(request, response);
            return;
        }
        String refused = refusal(request);
        AgentTarget agent = target(request.getPathInfo());
        if (refused == null && agent == null) {
            refused = "this console proxies only to the agents it was started with";
        }
        if (refused != null) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("application/json;charset=utf-8");
            response.getOutputStream().write(("{\"status\":403,\"error\":" + Json.string(refused) + "}")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(new AsConsole(request, agent.authorization()), response);
    }

    private static String clip(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }

    /** The request as the console sends it on: no Origin, and the agent's Authorization when the console has one. */
    private static final class AsConsole extends HttpServletRequestWrapper {
        private static final Set<String> HIDDEN = Set.of("origin", "referer", "sec-fetch-site", "sec-fetch-mode",
                "sec-fetch-dest");
        private final String authorization;

        AsConsole(HttpServletRequest request, String authorization) {
            super(request);
            this.authorization = authorization;
        }

        private boolean replaced(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            return HIDDEN.contains(n) || authorization != null && n.equals("authorization");
        }

        @Override
        public String getHeader(String name) {
            if (authorization != null && "authorization".equalsIgnoreCase(name)) {
                return authorization;
            }
            return replaced(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (authorization != null && "authorization".equalsIgnoreCase(name)) {
                return Collections.enumeration(List.of(authorization));
            }
            return replaced(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (String n : Collections.list(super.getHeaderNames())) {
                if (!replaced(n)) {
                    names.add(n);
                }
            }
            if (authorization != null) {
                names.add("Authorization");
            }
            return Collections.enumeration(names);
        }
    }
}
