package io.memorymanager.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code java -jar memory-manager-console.jar [--port N] [--token-file F | --user U --password-file F]
 * <jolokia-url>...}: Hawtio 4.2 with the Memory page on {@code http://127.0.0.1:<port>/}, one connection per agent.
 * Exit codes: 0 stopped, 1 cannot start, 2 usage.
 */
public final class Console {

    /** The Hawtio war inside this jar. */
    static final String WAR = "io/memorymanager/console/hawtio-default.war";

    private Console() {
    }

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(ConsoleOptions.usage());
            return;
        }
        ConsoleOptions options;
        try {
            options = ConsoleOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("memory-manager-console: " + e.getMessage());
            System.err.print(ConsoleOptions.usage());
            System.exit(2);
            return;
        }
        if (options.discoverTokens()) {
            options = options.withAgents(LocalTokens.resolve(options.agents()));
        }
        ConsoleServer console;
        try {
            console = ConsoleServer.start(options, war());
        } catch (RuntimeException e) {
            System.err.println("memory-manager-console: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(console::close, "memory-manager-console-stop"));
        System.out.print(banner(console.url(), options.agents(), (System.nanoTime() - started) / 1_000_000));
        System.out.flush();
        Thread.currentThread().join();
    }

    /** What the console prints once it listens. */
    static String banner(String url, List<AgentTarget> agents, long startMillis) {
        StringBuilder out = new StringBuilder("Memory Manager console is running (pid ")
                .append(ProcessHandle.current().pid()).append(", started in ").append(startMillis).append(" ms).\n")
                .append("  Open      ").append(url).append('\n');
        for (AgentTarget a : agents) {
            out.append("  Agent     ").append(a.id()).append("  ").append(a.url()).append("  (")
                    .append(a.authorization() == null ? "no credentials: its controls are refused"
                            : "acts with " + a.credentials())
                    .append(")\n");
        }
        return out.toString();
    }

    /** The war, copied out of this jar once per start (Jetty reads a war from a file, not from inside a jar). */
    static Path war() {
        try (InputStream in = Console.class.getClassLoader().getResourceAsStream(WAR)) {
            if (in == null) {
                throw new IllegalStateException("this jar has no " + WAR + "; build it with Maven (mvn package)");
            }
            Path dir = Files.createTempDirectory("memory-manager-console");
            dir.toFile().deleteOnExit();
            Path war = dir.resolve("hawtio-default.war");
            Files.copy(in, war, StandardCopyOption.REPLACE_EXISTING);
            war.toFile().deleteOnExit();
            return war;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack Hawtio: " + e.getMessage(), e);
        }
    }
}
