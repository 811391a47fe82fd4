package io.memorymanager.bridge.boot;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * {@code java -jar memory-manager-agent.jar start|stop|status <pid>}, {@code list}: installs Memory Manager into a
 * running JVM (same user, Attach API), stops it there, or says whether it runs. The agent in the target JVM
 * reports through two system properties, {@link #STATE} and {@link #URL}, which this tool reads over the same
 * attach connection. Exit codes: 0 done, 1 refused (not running, already running, failed there), 2 usage or a
 * JVM that cannot be attached.
 */
final class AttachCli {

    /** {@code running}, {@code stopped} or {@code failed: <reason>}; absent before the first start. */
    static final String STATE = "io.memorymanager.agent.state";
    /** The Jolokia URL while running with HTTP on. */
    static final String URL = "io.memorymanager.agent.url";
    /** Where the agent's access token is (the file only its user can read). */
    static final String TOKEN = "io.memorymanager.agent.token";
    private static final long WAIT_MILLIS = 30_000;

    private final PrintStream out;
    private final PrintStream err;

    AttachCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        if (args.length == 1 && args[0].equals("list")) {
            return list();
        }
        if (args.length == 2 && args[0].equals("hash-password")) {
            return hashPassword(args[1]);
        }
        if (args.length < 2 || !List.of("start", "stop", "status").contains(args[0])
                || (args.length > 2 && !args[0].equals("start")) || args.length > 3) {
            return usage();
        }
        String pid = args[1];
        if (!pid.matches("\\d{1,10}")) {
            err.println("not a process id: '" + pid + "'");
            return 2;
        }
        if (ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
            err.println("no process with pid " + pid);
            return 2;
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (AttachNotSupportedException | IOException e) {
            err.println("cannot attach to pid " + pid + " (is it a Java 17+ JVM of this user, started without "
                    + "-XX:+DisableAttachMechanism?): " + e.getMessage());
            return 2;
        }
        try {
            return switch (args[0]) {
                case "start" -> start(vm, pid, args.length == 3 ? args[2] : "");
                case "stop" -> stop(vm, pid);
                default -> status(vm, pid);
            };
        } catch (IOException e) {
            err.println("lost the connection to pid " + pid + ": " + e.getMessage());
            return 2;
        } finally {
            try {
                vm.detach();
            } catch (IOException e) {
                // the target is gone; nothing to undo
            }
        }
    }

    private int start(VirtualMachine vm, String pid, String options) throws IOException {
        Properties before = vm.getSystemProperties();
        if ("running".equals(before.getProperty(STATE))) {
            err.println("Memory Manager is already running in pid " + pid + where(before));
            return 1;
        }
        if (options.equals("stop")) {
            err.println("'stop' is a command, not an option: use stop <pid>");
            return 2;
        }
        load(vm, options);
        return await(vm, pid, "running");
    }

    private int stop(VirtualMachine vm, String pid) throws IOException {
        if (!"running".equals(vm.getSystemProperties().getProperty(STATE))) {
            err.println("Memory Manager is not running in pid " + pid);
            return 1;
        }
        load(vm, "stop");
        return await(vm, pid, "stopped");
    }

    private int status(VirtualMachine vm, String pid) throws IOException {
        Properties p = vm.getSystemProperties();
        String state = p.getProperty(STATE);
        out.println("pid " + pid + ": " + describe(p));
        return "running".equals(state) ? 0 : 1;
    }

    private int list() {
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            String name = d.displayName().isBlank() ? "(no main class)" : d.displayName().split(" ")[0];
            String state;
            try {
                VirtualMachine vm = VirtualMachine.attach(d);
                try {
                    state = describe(vm.getSystemProperties());
                } finally {
                    vm.detach();
                }
            } catch (AttachNotSupportedException | IOException e) {
                state = "cannot attach: " + e.getMessage();
            }
            out.println(d.id() + "\t" + name + "\t" + state);
        }
        return 0;
    }

    private void load(VirtualMachine vm, String options) throws IOException {
        try {
            vm.loadAgent(jar().toString(), options);
        } catch (AgentLoadException | AgentInitializationException e) {
            throw new IOException("the JVM refused the agent: " + e.getMessage(), e);
        }
    }

    private int await(VirtualMachine vm, String pid, String wanted) throws IOException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        Properties p;
        while (true) {
            p = vm.getSystemProperties();
            String state = p.getProperty(STATE, "");
            if (state.equals(wanted)) {
                out.println("pid " + pid + ": " + describe(p));
                return 0;
            }
            if (state.startsWith("failed")) {
                err.println("pid " + pid + ": Memory Manager " + state);
                return 1;
            }
            if (System.currentTimeMillis() > deadline) {
                err.println("pid " + pid + ": no answer from the agent within " + WAIT_MILLIS / 1000 + " s (state '"
                        + state + "')");
                return 1;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }

    private static String describe(Properties p) {
        String state = p.getProperty(STATE);
        if (state == null) {
            return "Memory Manager not running";
        }
        return "Memory Manager " + state + where(p);
    }

    private static String where(Properties p) {
        String url = p.getProperty(URL);
        if (!"running".equals(p.getProperty(STATE)) || url == null || url.isEmpty()) {
            return "";
        }
        String token = p.getProperty(TOKEN);
        return " at " + url + (token == null || token.isEmpty() ? "" : " (exec and write need the access token in "
                + token + ")");
    }

    private static Path jar() throws IOException {
        try {
            return Path.of(AttachCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot tell where the agent jar is: " + e.getMessage(), e);
        }
    }

    /** Reads a password (from the console without echo, else the first line of standard input). */
    private int hashPassword(String user) {
        String password;
        java.io.Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("password for %s: ", user);
            password = typed == null ? null : new String(typed);
        } else {
            try {
                password = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                        java.nio.charset.StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                password = null;
            }
        }
        if (password == null || password.isEmpty()) {
            err.println("no password given");
            return 2;
        }
        try {
            Object line = AgentBootstrap.isolatedLoader().loadClass("io.memorymanager.bridge.Agent")
                    .getMethod("passwordLine", String.class, String.class).invoke(null, user, password);
            out.println(line);
            return 0;
        } catch (java.lang.reflect.InvocationTargetException e) {
            err.println(e.getCause().getMessage());
            return 2;
        } catch (ReflectiveOperationException e) {
            err.println("cannot hash: " + e);
            return 2;
        }
    }

    /**
     * Calls {@code Agent.<method>(args)} in the agent's class loader (this class sees only the JDK); what it throws
     * comes out as it is.
     */
    private static String agentCall(String method, String... args) {
        try {
            Class<?>[] types = new Class<?>[args.length];
            java.util.Arrays.fill(types, String.class);
            return (String) AgentBootstrap.isolatedLoader().loadClass("io.memorymanager.bridge.Agent")
                    .getMethod(method, types).invoke(null, (Object[]) args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the agent jar is incomplete: " + e, e);
        }
    }

    private int usage() {
        err.println("usage: java -jar memory-manager-agent.jar start <pid> [options]   install into a running JVM");
        err.println("       java -jar memory-manager-agent.jar stop <pid>                stop it there");
        err.println("       java -jar memory-manager-agent.jar status <pid>              is it running, and where");
        err.println("       java -jar memory-manager-agent.jar list                      local JVMs and their state");
        err.println("       java -jar memory-manager-agent.jar hash-password <user>      a line for authFile");
        err.println("or at launch: java -javaagent:memory-manager-agent.jar[=options] -jar app.jar");
        err.println("options, as key=value,key=value:");
        try {
            err.println(agentCall("optionsHelp"));
        } catch (RuntimeException e) {
            err.println("  (cannot list them: " + e.getMessage() + ")");
        }
        return 2;
    }
}
