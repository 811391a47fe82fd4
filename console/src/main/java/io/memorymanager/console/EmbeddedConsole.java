package io.memorymanager.console;

import java.util.List;

/**
 * The console inside another program (the demo): Hawtio with the Memory page on 127.0.0.1, one connection to one
 * agent, acting with that agent's access token. The same server as {@code java -jar memory-manager-console.jar}.
 */
public final class EmbeddedConsole implements AutoCloseable {

    private final ConsoleServer server;

    private EmbeddedConsole(ConsoleServer server) {
        this.server = server;
    }

    /**
     * Starts the console.
     *
     * @param port the port on 127.0.0.1, 0 for any free one
     * @param jolokiaUrl the agent's Jolokia URL, e.g. {@code http://127.0.0.1:8778/jolokia/}
     * @param token the agent's access token, or null to let the console only read
     * @throws IllegalArgumentException for a URL that is not an agent's
     * @throws IllegalStateException when the console cannot start (the port is taken, ...)
     */
    public static EmbeddedConsole start(int port, String jolokiaUrl, String token) {
        AgentTarget agent = AgentTarget.parse(jolokiaUrl);
        if (token != null) {
            agent = agent.withAuthorization("Bearer " + token, "the agent's access token");
        }
        ConsoleOptions options = new ConsoleOptions(port, List.of(agent), false);
        return new EmbeddedConsole(ConsoleServer.start(options, Console.war()));
    }

    /** The start page, e.g. {@code http://127.0.0.1:8080/}: it opens the Memory page on the agent. */
    public String url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
