package io.memorymanager.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;
import org.jolokia.server.core.restrictor.DenyAllRestrictor;
import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jolokia's access restrictor, failing closed: it applies a Jolokia XML policy (the shipped
 * {@value #SHIPPED_POLICY}, or the user's file), and denies everything when the policy cannot be read or
 * parsed. Jolokia's own fallback, when a policy on the class path is missing, is to allow everything.
 */
public final class PolicyGuard implements Restrictor {

    /** The policy shipped in the jar: read harmless MBeans, write and execute only {@code io.memorymanager}. */
    public static final String SHIPPED_POLICY = "classpath:/io/memorymanager/bridge/memory-manager-access.xml";

    private static final Logger LOG = LoggerFactory.getLogger(PolicyGuard.class);

    private final Restrictor delegate;

    /** @param location {@value #SHIPPED_POLICY}, another {@code classpath:} resource, or a file path */
    PolicyGuard(String location) {
        this.delegate = load(location);
    }

    private static Restrictor load(String location) {
        try (InputStream in = open(location)) {
            return new PolicyRestrictor(in);
        } catch (IOException | RuntimeException e) {
            LOG.error("Access policy {} cannot be used, so Jolokia denies every request: {}", location,
                    e.getMessage());
            return new DenyAllRestrictor();
        }
    }

    private static InputStream open(String location) throws IOException {
        if (location == null) {
            throw new IOException("no policy location given");
        }
        if (location.startsWith("classpath:")) {
            InputStream in = PolicyGuard.class.getResourceAsStream(location.substring("classpath:".length()));
            if (in == null) {
                throw new IOException("not found on the class path");
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }

    /** Whether this guard denies everything because its policy could not be used. */
    boolean deniesAll() {
        return delegate instanceof DenyAllRestrictor;
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return delegate.isHttpMethodAllowed(method);
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return delegate.isTypeAllowed(type);
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return delegate.isAttributeReadAllowed(name, attribute);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return delegate.isAttributeWriteAllowed(name, attribute);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return delegate.isOperationAllowed(name, operation);
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return delegate.isRemoteAccessAllowed(hostOrAddress);
    }

    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        return delegate.isOriginAllowed(origin, onlyWhenStrictCheckingIsEnabled);
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return delegate.isObjectNameHidden(name);
    }

    @Override
    public boolean ignoreScheme() {
        return delegate.ignoreScheme();
    }
}
