package io.memorymanager.console;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves the plugin's built files (webpack's output, a jar resource under {@code META-INF/resources/memory-manager/})
 * from Hawtio's own origin, which is the only place Hawtio's {@code script-src 'self'} lets them load from.
 * remoteEntry.js is revalidated on every load; the other files have content hashes in their names and are cached.
 */
final class PluginAssets extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String ROOT = "META-INF/resources" + HawtioPlugin.PATH + "/";
    /** Plain relative names only: no "..", no empty segment, no encoded anything. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "txt", "text/plain; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "jpg", "image/jpeg",
            "woff", "font/woff",
            "woff2", "font/woff2",
            "ttf", "font/ttf");

    /** The resource name for a request path below the servlet, or null when it is not one of ours. */
    static String resource(String pathInfo) {
        if (pathInfo == null || !pathInfo.startsWith("/")) {
            return null;
        }
        String name = pathInfo.substring(1);
        if (!NAME.matcher(name).matches()) {
            return null;
        }
        return type(name) == null ? null : ROOT + name;
    }

    static String type(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(name.substring(dot + 1));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String resource = resource(request.getPathInfo());
        InputStream in = resource == null ? null : PluginAssets.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (in) {
            response.setContentType(type(resource));
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Cache-Control", resource.endsWith("/remoteEntry.js") ? "no-cache"
                    : "public, max-age=31536000, immutable");
            in.transferTo(response.getOutputStream());
        }
    }
}
