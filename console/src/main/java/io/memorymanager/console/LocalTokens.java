package io.memorymanager.console;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the access token of agents on this machine, as {@code memory-manager-agent.jar status} does: the agent
 * reports its Jolokia URL and the path of its owner-only token file in system properties of its JVM, which the
 * Attach API reads for the same user. Only system properties are read; nothing is loaded into the other JVMs.
 */
final class LocalTokens {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTokens.class);
    /** Set by the agent: its Jolokia URL, e.g. {@code http://127.0.0.1:8778/jolokia/}. */
    static final String URL = "io.memorymanager.agent.url";
    /** Set by the agent: the path of its access token file. */
    static final String TOKEN = "io.memorymanager.agent.token";

    private LocalTokens() {
    }

    /**
     * The agents, each loopback one without credentials given the token of the local JVM whose agent serves its
     * URL; the others unchanged.
     */
    static List<AgentTarget> resolve(List<AgentTarget> agents) {
        if (agents.stream().noneMatch(LocalTokens::wanted)) {
            return agents;
        }
        List<Properties> local = agentProperties();
        List<AgentTarget> out = new ArrayList<>();
        for (AgentTarget agent : agents) {
            out.add(wanted(agent) ? match(agent, local) : agent);
        }
        return out;
    }

    private static boolean wanted(AgentTarget agent) {
        return agent.authorization() == null && agent.isLoopback();
    }

    /** The agent with the token of the JVM among {@code local} whose agent URL is the agent's. */
    static AgentTarget match(AgentTarget agent, List<Properties> local) {
        for (Properties p : local) {
            String url = p.getProperty(URL, "");
            String token = p.getProperty(TOKEN, "");
            if (url.isEmpty() || token.isEmpty()) {
                continue;
            }
            AgentTarget other;
            try {
                other = AgentTarget.parse(url);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (other.port() == agent.port() && other.path().equals(agent.path()) && other.isLoopback()) {
                Path file = Path.of(token);
                try {
                    String value = ConsoleOptions.firstLine(file, "the token file");
                    return agent.withAuthorization("Bearer " + value,
                            "the access token in " + file + " (found by attach)");
                } catch (IllegalArgumentException e) {
                    LOG.warn("The agent at {} keeps its token in {}, which cannot be read: {}", agent.url(), file,
                            e.getMessage());
                }
            }
        }
        return agent;
    }

    /** The system properties of the local JVMs that run Memory Manager's agent. */
    private static List<Properties> agentProperties() {
        List<Properties> out = new ArrayList<>();
        String self = Long.toString(ProcessHandle.current().pid());
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            if (d.id().equals(self)) {
                continue;
            }
            VirtualMachine vm = null;
            try {
                vm = VirtualMachine.attach(d);
                Properties p = vm.getSystemProperties();
                if (p.getProperty(URL) != null) {
                    out.add(p);
                }
            } catch (Exception | LinkageError e) {
                // another user's JVM, one started with -XX:+DisableAttachMechanism, or one that just ended
                LOG.debug("Cannot read the properties of JVM {}: {}", d.id(), e.toString());
            } finally {
                if (vm != null) {
                    try {
                        vm.detach();
                    } catch (Exception e) {
                        // detached anyway when it ends
                    }
                }
            }
        }
        return out;
    }
}
