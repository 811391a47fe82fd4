package io.memorymanager.bridge.boot;

import java.io.BufferedReader;
import java.io.Console;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads the password {@code hash-password} hashes. From a terminal it prompts and reads without echo, also when
 * standard output is redirected ({@code hash-password alice > line}), where the JDK 17's {@link System#console()}
 * is null: then it turns the terminal's echo off with {@code stty} around the read and restores it afterwards, on
 * Ctrl-C too. Standard input that is not a terminal (a pipe, a file) gives its first line, with no prompt.
 */
final class PasswordInput {

    private static final long STTY_SECONDS = 10;

    private PasswordInput() {
    }

    /** The password typed or piped, or null at the end of the input. {@code err} is the fallback for the prompt. */
    static String read(String user, PrintStream err) throws IOException {
        String prompt = "password for " + user + ": ";
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("%s", prompt);
            return typed == null ? null : new String(typed);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String saved = stty("-g");
        if (saved == null) {
            return in.readLine();   // not a terminal (or no stty to ask): a pipe or a file
        }
        Thread restore = new Thread(() -> restore(saved), "hash-password-restore-echo");
        Runtime.getRuntime().addShutdownHook(restore);
        try (PrintStream tty = terminal(err)) {
            if (stty("-echo") == null) {
                throw new IOException("cannot turn the terminal's echo off (stty -echo failed); pipe the password in "
                        + "instead");
            }
            tty.print(prompt);
            tty.flush();
            String line = in.readLine();
            tty.println();   // the Enter that ended the password was not echoed either
            return line;
        } finally {
            restore(saved);
            try {
                Runtime.getRuntime().removeShutdownHook(restore);
            } catch (IllegalStateException shuttingDown) {
                // the hook restores the terminal (again); harmless
            }
        }
    }

    private static void restore(String saved) {
        try {
            stty(saved);
        } catch (IOException e) {
            System.err.println("could not restore the terminal (type 'stty echo'): " + e.getMessage());
        }
    }

    // The terminal itself, so that the prompt shows even when stderr is redirected too; never closes stderr.
    private static PrintStream terminal(PrintStream fallback) {
        try {
            return new PrintStream(new FileOutputStream("/dev/tty"), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    fallback.write(b);
                }

                @Override
                public void flush() {
                    fallback.flush();
                }
            }, true, StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs {@code stty <args>} on this process's standard input; its output, or null when it fails, which
     * {@code stty -g} does exactly when standard input is not a terminal.
     */
    private static String stty(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("stty"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noStty) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(STTY_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("stty did not finish within " + STTY_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running stty", e);
        }
        return p.exitValue() == 0 ? out : null;
    }
}
