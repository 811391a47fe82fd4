package io.memorymanager.console;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The console's start page at {@code /}: it presets one Hawtio connection per agent in the browser's local storage
 * ({@code connect.connections}, where Hawtio's Connect page keeps them) and lists them; with one agent it opens the
 * Memory page on it at once ({@code /hawtio/memory?con=<id>}).
 */
final class StartPage extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private final String page;

    StartPage(List<AgentTarget> agents) {
        this.page = page(agents);
    }

    /** The page's HTML. */
    static String page(List<AgentTarget> agents) {
        StringBuilder connections = new StringBuilder("{");
        StringBuilder links = new StringBuilder();
        for (AgentTarget a : agents) {
            if (connections.length() > 1) {
                connections.append(',');
            }
            connections.append(Json.string(a.id())).append(":{\"id\":").append(Json.string(a.id()))
                    .append(",\"name\":").append(Json.string(a.id()))
                    .append(",\"scheme\":").append(Json.string(a.scheme()))
                    .append(",\"host\":").append(Json.string(a.urlHost()))
                    .append(",\"port\":").append(a.port())
                    .append(",\"path\":").append(Json.string(a.path())).append('}');
            String href = "/hawtio/memory?con=" + a.id();
            links.append("<li><a href=\"").append(Json.html(href)).append("\">").append(Json.html(a.id()))
                    .append("</a> <code>").append(Json.html(a.url())).append("</code></li>\n");
        }
        connections.append('}');
        String open = agents.size() == 1 ? "location.replace(" + Json.string("/hawtio/memory?con=" + agents.get(0).id())
                + ");\n" : "";
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Memory Manager console</title>"
                + "</head>\n<body>\n<h1>Memory Manager console</h1>\n<p>Open the Memory page of:</p>\n<ul>\n" + links
                + "</ul>\n<p>Every JVM is also under Hawtio's <a href=\"/hawtio/connect\">Connect</a> page.</p>\n"
                + "<script>\n"
                + "const preset = " + connections + ";\n"
                + "const all = JSON.parse(localStorage.getItem('connect.connections') || '{}');\n"
                + "Object.assign(all, preset);\n"
                + "localStorage.setItem('connect.connections', JSON.stringify(all));\n"
                + open
                + "</script>\n</body></html>\n";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
    }
}
