package io.memorymanager.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The console's command line: {@code [--port N] [--token-file F | --user U --password-file F] <jolokia-url>...}.
 * Credential options apply to the URLs that follow them, so that one console can show JVMs with different tokens:
 * {@code --token-file a.token http://127.0.0.1:8778/jolokia --token-file b.token http://127.0.0.1:8779/jolokia}.
 *
 * @param port the console's port on 127.0.0.1 (0: any free port)
 * @param agents the agents, in the order given, with the credentials that apply to each
 * @param discoverTokens whether an agent on loopback given without credentials gets the access token of the
 *        local JVM that runs it (found over the Attach API, as {@code memory-manager-agent.jar status} does)
 */
record ConsoleOptions(int port, List<AgentTarget> agents, boolean discoverTokens) {

    static final int DEFAULT_PORT = 8080;

    /** One option: its name, its argument and what it does; the usage text is made from these. */
    record Option(String name, String argument, String description) {
    }

    static final List<Option> OPTIONS = List.of(
            new Option("--port", "N", "port on 127.0.0.1 (default " + DEFAULT_PORT + "; 0 = any free port)"),
            new Option("--token-file", "F", "the agent's access token file (the agent prints its path) for the "
                    + "URLs after it"),
            new Option("--user", "U", "user of the agent's authFile for the URLs after it (with --password-file)"),
            new Option("--password-file", "F", "file whose first line is that user's password"),
            new Option("--no-discovery", null, "do not look for the access token of local agents given without "
                    + "credentials (they are then read-only)"));

    static String usage() {
        StringBuilder out = new StringBuilder("usage: java -jar memory-manager-console.jar [--port N] "
                + "[--token-file F | --user U --password-file F] <jolokia-url>...\n\n"
                + "Hawtio 4.2 with Memory Manager's Memory page on http://127.0.0.1:<port>/, one connection per "
                + "agent.\n\n");
        for (Option o : OPTIONS) {
            String head = o.name() + (o.argument() == null ? "" : " " + o.argument());
            out.append(String.format("  %-20s %s%n", head, o.description()));
        }
        out.append("\nexample: java -jar memory-manager-console.jar http://127.0.0.1:8778/jolokia/\n");
        return out.toString();
    }

    /**
     * Parses the command line and reads the credential files it names.
     *
     * @throws IllegalArgumentException with a message that names the option or URL at fault
     */
    static ConsoleOptions parse(String... args) {
        int port = DEFAULT_PORT;
        boolean discover = true;
        String authorization = null;
        String from = "none";
        String user = null;
        List<AgentTarget> agents = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port" -> port = port(value(args, i++, a));
                case "--token-file" -> {
                    Path file = Path.of(value(args, i++, a));
                    authorization = "Bearer " + firstLine(file, a);
                    from = "the access token in " + file;
                    user = null;
                }
                case "--user" -> {
                    user = value(args, i++, a);
                    if (user.isEmpty() || user.contains(":")) {
                        throw new IllegalArgumentException("--user must be a non-empty name without ':', was '"
                                + user + "'");
                    }
                    authorization = null;
                }
                case "--password-file" -> {
                    Path file = Path.of(value(args, i++, a));
                    if (user == null) {
                        throw new IllegalArgumentException("--password-file needs a --user before it");
                    }
                    String basic = user + ":" + firstLine(file, a);
                    authorization = "Basic "
                            + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8));
                    from = "user " + user;
                }
                case "--no-discovery" -> discover = false;
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option '" + a + "'");
                    }
                    if (user != null && authorization == null) {
                        throw new IllegalArgumentException("--user " + user + " needs --password-file before " + a);
                    }
                    AgentTarget agent = AgentTarget.parse(a);
                    agents.add(authorization == null ? agent : agent.withAuthorization(authorization, from));
                }
            }
        }
        if (agents.isEmpty()) {
            throw new IllegalArgumentException(
                    "give at least one agent's Jolokia URL, e.g. http://127.0.0.1:8778/jolokia/");
        }
        Set<String> ids = new HashSet<>();
        for (AgentTarget agent : agents) {
            if (!ids.add(agent.id())) {
                throw new IllegalArgumentException("the agent " + agent.url() + " is given twice");
            }
        }
        return new ConsoleOptions(port, List.copyOf(agents), discover);
    }

    /** The hosts Hawtio's proxy may reach: the agents' and nothing else (Hawtio adds localhost and 127.0.0.1). */
    String proxyAllowlist() {
        return agents.stream().map(AgentTarget::host).distinct().sorted().collect(Collectors.joining(","));
    }

    ConsoleOptions withAgents(List<AgentTarget> resolved) {
        return new ConsoleOptions(port, List.copyOf(resolved), discoverTokens);
    }

    private static String value(String[] args, int i, String option) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i + 1];
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be 0-65535, was '" + text + "'");
        }
    }

    /** The first line of a credentials file, which must not be empty. */
    static String firstLine(Path file, String option) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            int end = text.indexOf('\n');
            String line = (end < 0 ? text : text.substring(0, end)).strip();
            if (line.isEmpty()) {
                throw new IllegalArgumentException(option + " " + file + " is empty");
            }
            return line;
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
