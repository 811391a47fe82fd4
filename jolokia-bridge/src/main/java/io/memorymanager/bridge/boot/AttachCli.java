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
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * {@code java -jar memory-manager-agent.jar start|stop|status <pid>}, {@code list}: installs Memory Manager into a
 * running JVM (same user, Attach API), stops it there, or says whether it runs; {@code hash-password} makes an
 * {@code authFile} line. The agent in the target JVM reports through system properties ({@link #STATE},
 * {@link #URL}, ...), which this tool reads over the same attach connection; {@code status} and {@code list} read
 * them only, never loading the agent. A start or stop passes a fresh attempt id and reports the outcome the agent
 * wrote for that id ({@link #ATTEMPT}), never what an earlier attempt left.
 *
 * <p>Exit codes: 0 done (for {@code status}: running with every part asked for); 1 refused or failed (not
 * running, already running, embedded in the application, a bad option or a part that did not start, reported
 * from the target); 2 usage, no password, or a JVM that cannot be attached.
 */
final class AttachCli {

    /**
     * {@code starting}, {@code running}, {@code stopped} or {@code failed: <reason>}; absent before the first start.
     */
    static final String STATE = "io.memorymanager.agent.state";
    /** The Jolokia URL while running with HTTP on. */
    static final String URL = "io.memorymanager.agent.url";
    /** The JMX connector's URL while running with {@code jmxPort}. */
    static final String JMX_URL = "io.memorymanager.agent.jmx";
    /** Where the agent's access token is (the file only its user can read). */
    static final String TOKEN = "io.memorymanager.agent.token";
    /** {@code <attempt id> <outcome>} of the last start or stop this tool asked for. */
    static final String ATTEMPT = "io.memorymanager.agent.attempt";
    /** Set while the application itself has Memory Manager installed ({@code MemoryManager.install}). */
    static final String EMBEDDED = "io.memorymanager.installed";
    private static final String EMBEDDED_TEXT = "embedded in the application, not started by the agent";
    private static final Duration WAIT = Duration.ofSeconds(30);

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
        if ((args.length == 2 || args.length == 3) && args[0].equals("hash-password")) {
            return hashPassword(args[1], args.length == 3 ? Path.of(args[2]) : null);
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
        if (options.equals("stop")) {
            err.println("'stop' is a command, not an option: use stop <pid>");
            return 2;
        }
        Properties before = vm.getSystemProperties();
        if ("running".equals(before.getProperty(STATE))) {
            err.println("Memory Manager is already running in pid " + pid + where(before));
            return 1;
        }
        String outcome = ask(vm, pid, options);
        if (outcome == null) {
            return 1;
        }
        if (!outcome.equals("running")) {
            err.println("pid " + pid + ": Memory Manager " + outcome);
            return 1;
        }
        out.println("pid " + pid + ": " + describe(vm.getSystemProperties()));
        return 0;
    }

    private int stop(VirtualMachine vm, String pid) throws IOException {
        Properties p = vm.getSystemProperties();
        String state = p.getProperty(STATE);
        if (embedded(p)) {
            err.println("Memory Manager in pid " + pid + " is " + EMBEDDED_TEXT + ": the application stops it");
            return 1;
        }
        // Not loading the agent where it never ran; after a failed start it may have left parts to stop.
        if (state == null || state.equals("stopped")) {
            err.println("Memory Manager is not running in pid " + pid);
            return 1;
        }
        String outcome = ask(vm, pid, "stop");
        if (outcome == null) {
            return 1;
        }
        if (!outcome.equals("stopped")) {
            err.println("Memory Manager is not running in pid " + pid);
            return 1;
        }
        out.println("pid " + pid + ": " + describe(vm.getSystemProperties()));
        return 0;
    }

    private int status(VirtualMachine vm, String pid) throws IOException {
        Properties p = vm.getSystemProperties();
        out.println("pid " + pid + ": " + describe(p));
        return "running".equals(p.getProperty(STATE)) ? 0 : 1;
    }

    private int list() {
        String self = Long.toString(ProcessHandle.current().pid());
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            if (d.id().equals(self)) {
                continue;
            }
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

    /**
     * Loads the agent with {@code args} under a fresh attempt id and waits for that attempt's outcome
     * ({@link #ATTEMPT}); null (said on stderr) when none came in time.
     */
    private String ask(VirtualMachine vm, String pid, String args) throws IOException {
        String attempt = UUID.randomUUID().toString();
        try {
            vm.loadAgent(jar().toString(), "attempt=" + attempt + (args.isEmpty() ? "" : "," + args));
        } catch (AgentLoadException | AgentInitializationException e) {
            throw new IOException("the JVM refused the agent: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String answer = vm.getSystemProperties().getProperty(ATTEMPT, "");
            if (answer.startsWith(attempt + " ")) {
                return answer.substring(attempt.length() + 1);
            }
            if (System.nanoTime() - deadline > 0) {
                err.println("pid " + pid + ": no answer from the agent within " + WAIT.toSeconds() + " s (state '"
                        + vm.getSystemProperties().getProperty(STATE, "") + "'; see the application's stderr)");
                return null;
            }
            try {
                Thread.sleep(50);   // polling another JVM's properties: there is nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static boolean embedded(Properties p) {
        String state = p.getProperty(STATE);
        return p.getProperty(EMBEDDED) != null && !"running".equals(state) && !"starting".equals(state);
    }

    private static String describe(Properties p) {
        if (embedded(p)) {
            return "Memory Manager " + EMBEDDED_TEXT;
        }
        String state = p.getProperty(STATE);
        if (state == null) {
            return "Memory Manager not running";
        }
        return "Memory Manager " + state + where(p);
    }

    private static String where(Properties p) {
        if (!"running".equals(p.getProperty(STATE))) {
            return "";
        }
        String url = p.getProperty(URL, "");
        String jmx = p.getProperty(JMX_URL, "");
        String token = p.getProperty(TOKEN, "");
        return (url.isEmpty() ? " (Jolokia HTTP off)" : " at " + url)
                + (jmx.isEmpty() ? "" : ", JMX at " + jmx)
                + (token.isEmpty() ? "" : " (exec and write need the access token in " + token + ")");
    }

    private static Path jar() throws IOException {
        try {
            return Path.of(AttachCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot tell where the agent jar is: " + e.getMessage(), e);
        }
    }

    /**
     * {@code hash-password <user> [<file>]}: reads a password and prints the {@code authFile} line for it, or
     * appends the line to {@code file} (created owner-only; an existing one must be owner-only). Nothing is
     * printed or written without a password. Exit codes: 0 done, 1 the file refused or not written, 2 usage, a user
     * name a password file cannot hold, or no password.
     */
    private int hashPassword(String user, Path file) {
        try {
            // Checked before anyone types a password: hashing a throwaway one validates the user name.
            agentCall("passwordLine", user, "-");
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (file != null && !appendable(file)) {
            return 1;
        }
        String password;
        try {
            password = PasswordInput.read(user, err);
        } catch (IOException e) {
            err.println("cannot read the password: " + e.getMessage());
            return 2;
        }
        if (password == null || password.isEmpty()) {
            err.println("no password given: nothing " + (file == null ? "printed" : "written to " + file));
            return 2;
        }
        String line = agentCall("passwordLine", user, password);
        if (file == null) {
            out.println(line);
            return 0;
        }
        try {
            append(file, line);
        } catch (IOException e) {
            err.println("cannot write " + file + ": " + e.getMessage());
            return 1;
        }
        err.println("added " + user + " to " + file);
        return 0;
    }

    /** Whether the line may go into {@code file}: an owner-only file, or a new one in a directory this user writes. */
    private boolean appendable(Path file) {
        if (Files.notExists(file)) {
            Path dir = file.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
                err.println("cannot create " + file + ": no directory this user can write");
                return false;
            }
            return true;
        }
        if (!Files.isRegularFile(file) || !Files.isWritable(file)) {
            err.println(file + " is not a file this user can write");
            return false;
        }
        try {
            if (posix()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                perms.removeAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE));
                if (!perms.isEmpty()) {
                    err.println(file + " must be readable by its owner only (chmod 600): the agent refuses it otherwise");
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            err.println("cannot read the permissions of " + file + ": " + e.getMessage());
            return false;
        }
    }

    /** Appends {@code line} to {@code file}, creating it owner-only if it is not there. */
    private static void append(Path file, String line) throws IOException {
        if (Files.notExists(file)) {
            try {
                if (posix()) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(file);
                }
            } catch (FileAlreadyExistsException raced) {
                // made meanwhile: append to it like to any other
            }
        }
        boolean endsOpen = Files.size(file) > 0 && lastByte(file) != '\n';
        Files.writeString(file, (endsOpen ? "\n" : "") + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static int lastByte(Path file) throws IOException {
        try (SeekableByteChannel c = Files.newByteChannel(file)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            c.position(c.size() - 1).read(one);
            return one.get(0);
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
        err.println("       java -jar memory-manager-agent.jar list                      the other local JVMs, their state");
        err.println("       java -jar memory-manager-agent.jar hash-password <user> [<file>]");
        err.println("                                   a line for authFile, printed or appended to <file> (owner-only)");
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
