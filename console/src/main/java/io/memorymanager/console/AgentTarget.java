package io.memorymanager.console;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * One agent the console shows: its Jolokia URL, split the way Hawtio's connections and its proxy split it, and the
 * {@code Authorization} header the console adds to the requests that Hawtio's proxy sends it (null: none).
 *
 * @param scheme {@code http} or {@code https}
 * @param host the host as given, lower case; an IPv6 address without brackets
 * @param port the port, explicit
 * @param path the Jolokia path without a trailing slash, e.g. {@code /jolokia}
 * @param authorization the header value to send, or null to pass on whatever the browser sent
 * @param credentials where the credentials came from, in words, for the start-up lines
 */
record AgentTarget(String scheme, String host, int port, String path, String authorization, String credentials) {

    AgentTarget {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(credentials, "credentials");
    }

    /**
     * Parses a Jolokia URL: {@code http://127.0.0.1:8778/jolokia/}, {@code https://host:8778/jolokia}; the path
     * defaults to {@code /jolokia}, the port to the scheme's.
     *
     * @throws IllegalArgumentException naming the URL and what is wrong with it
     */
    static AgentTarget parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: '" + url + "' (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("an agent URL must be http:// or https://, was '" + url + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("an agent URL needs a host, was '" + url + "'");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("an agent URL has no user, query or fragment (credentials go in "
                    + "--token-file or --user/--password-file), was '" + url + "'");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")
                ? "/jolokia" : uri.getRawPath();
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.matches("(/[A-Za-z0-9._~-]+)+") || path.contains("/../") || path.endsWith("/..")) {
            throw new IllegalArgumentException("an agent URL's path must be plain segments such as /jolokia, was '"
                    + uri.getRawPath() + "' in '" + url + "'");
        }
        return new AgentTarget(scheme, host, port, path, null, "none");
    }

    AgentTarget withAuthorization(String header, String from) {
        return new AgentTarget(scheme, host, port, path, header, from);
    }

    /** The Hawtio connection id and name: {@code 127.0.0.1-8778}, with {@code -jolokia2} style suffixes if needed. */
    String id() {
        String p = path.equals("/jolokia") ? "" : path.replace('/', '-');
        return (host + "-" + port + p).replaceAll("[^A-Za-z0-9._-]", "-");
    }

    /** The host as a URL writes it: IPv6 in brackets. */
    String urlHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** The Jolokia URL, e.g. {@code http://127.0.0.1:8778/jolokia}. */
    String url() {
        return scheme + "://" + urlHost() + ":" + port + path;
    }

    /** Whether the agent is on this machine's loopback interface, by name or address. */
    boolean isLoopback() {
        return host.equals("localhost") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** Whether this agent is where Hawtio's proxy would send a request for this scheme, host, port and path. */
    boolean matches(String scheme, String host, int port, String requestPath) {
        return this.scheme.equals(scheme) && this.host.equals(host.toLowerCase(Locale.ROOT)) && this.port == port
                && (requestPath.equals(path) || requestPath.startsWith(path + "/"));
    }
}
