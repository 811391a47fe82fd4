package io.memorymanager.bridge;

import java.util.List;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import org.jolokia.server.core.config.ConfigKey;
import org.jolokia.server.core.request.JolokiaExecRequest;
import org.jolokia.server.core.request.JolokiaObjectNameRequest;
import org.jolokia.server.core.request.JolokiaRequest;
import org.jolokia.server.core.request.JolokiaWriteRequest;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;

/**
 * Decides each request from Jolokia's own reading of it: the {@link JolokiaRequest} that Jolokia's request factory
 * made of the path, the {@code p} parameter or the POSTed JSON, with its lower-cased type, its HTTP method and its
 * merged processing parameters. Whatever spelling or encoding a client sends, what is judged here is exactly what
 * Jolokia would execute; there is no second parser to disagree with. Jolokia's access policy ({@link PolicyGuard})
 * still applies afterwards to the MBeans, attributes and operations.
 * <ul>
 *   <li>only the commands Memory Manager's clients use: read, list, search, version, exec, write (no
 *       {@code notification}: its clients would be kept by the agent for good; no {@code config});</li>
 *   <li>{@code exec} and {@code write} by POST only (a link or an image tag must not act), and only with
 *       credentials: the access token or a user of the {@code authFile};</li>
 *   <li>no JSONP ({@code callback}), no proxy ({@code target}, providers), serialization limits no looser than the
 *       agent's own ({@code maxDepth} and friends: 0 would mean unlimited);</li>
 *   <li>text other than true/false for a boolean attribute or parameter is refused (Jolokia reads any other text as
 *       false);</li>
 *   <li>heavy operations within the {@link HeavyOperations} budget.</li>
 * </ul>
 */
final class RequestJudge {

    private static final Set<RequestType> OFFERED = Set.of(RequestType.READ, RequestType.LIST, RequestType.SEARCH,
            RequestType.VERSION, RequestType.EXEC, RequestType.WRITE);

    /** A refusal: the HTTP status and the message a person reads. */
    record Refusal(int status, String message) {
    }

    private final MBeanServer server;
    private final HeavyOperations heavy;
    private final int maxDepth;
    private final int maxCollectionSize;
    private final int maxObjects;
    private final String credentialsHint;

    RequestJudge(MBeanServer server, HeavyOperations heavy, int maxDepth, int maxCollectionSize, int maxObjects,
            String credentialsHint) {
        this.server = server;
        this.heavy = heavy;
        this.maxDepth = maxDepth;
        this.maxCollectionSize = maxCollectionSize;
        this.maxObjects = maxObjects;
        this.credentialsHint = credentialsHint;
    }

    /** Null to let Jolokia execute {@code request}, else why not. */
    Refusal judge(JolokiaRequest request, Caller caller) {
        RequestType type = request.getType();
        if (!OFFERED.contains(type)) {
            return new Refusal(403, "the " + type.getName() + " command is not offered by Memory Manager's agent");
        }
        if (request.getParameter(ConfigKey.CALLBACK) != null) {
            return new Refusal(400, "JSONP (callback) is not supported");
        }
        String mime = request.getParameter(ConfigKey.MIME_TYPE);
        if (mime != null && !mime.equals("application/json") && !mime.equals("text/plain")) {
            return new Refusal(400, "mimeType must be application/json or text/plain");
        }
        Refusal limits = limit(request, ConfigKey.MAX_DEPTH, maxDepth);
        if (limits == null) {
            limits = limit(request, ConfigKey.MAX_COLLECTION_SIZE, maxCollectionSize);
        }
        if (limits == null) {
            limits = limit(request, ConfigKey.MAX_OBJECTS, maxObjects);
        }
        if (limits != null) {
            return limits;
        }
        if (request.getOption("target") != null || request.getOption("targetId") != null
                || request instanceof JolokiaObjectNameRequest named && named.getProvider() != null) {
            return new Refusal(403, "the JSR-160 proxy (target) is disabled");
        }
        if (type != RequestType.EXEC && type != RequestType.WRITE) {
            return null;
        }
        if (request.getHttpMethod() != HttpMethod.POST) {
            return new Refusal(405, type.getName() + " needs POST");
        }
        if (!caller.mayAct()) {
            return new Refusal(401, type.getName() + " needs credentials: " + credentialsHint);
        }
        String loose = looseBoolean(request);
        if (loose != null) {
            return new Refusal(400, loose);
        }
        if (request instanceof JolokiaExecRequest exec && HeavyOperations.isHeavy(exec.getOperation())) {
            String refusal = heavy.admit(caller.address());
            if (refusal != null) {
                return new Refusal(429, refusal);
            }
        }
        return null;
    }

    private static Refusal limit(JolokiaRequest request, ConfigKey key, int max) {
        String value = request.getParameter(key);
        if (value == null) {
            return null;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return new Refusal(400, key.getKeyValue() + " must be a whole number");
        }
        return n < 1 || n > max ? new Refusal(400, key.getKeyValue() + " must be between 1 and " + max) : null;
    }

    /**
     * Jolokia turns any text that is not "true" into {@code false} for a boolean attribute or parameter, so
     * {@code "value":"maybe"} would switch a feature off. Refuses text other than true/false there.
     */
    String looseBoolean(JolokiaRequest request) {
        if (!(request instanceof JolokiaObjectNameRequest named) || named.getObjectName() == null
                || named.getObjectName().isPattern()) {
            return null;
        }
        MBeanInfo info;
        try {
            info = server.getMBeanInfo(named.getObjectName());
        } catch (JMException | RuntimeException e) {
            return null;   // an MBean we cannot look at: Jolokia and the policy decide
        }
        if (request instanceof JolokiaWriteRequest write) {
            for (MBeanAttributeInfo a : info.getAttributes()) {
                if (a.getName().equals(write.getAttributeName()) && isBoolean(a.getType())
                        && !isBooleanText(write.getValue())) {
                    return "attribute " + a.getName() + " takes true or false";
                }
            }
            return null;
        }
        if (!(request instanceof JolokiaExecRequest exec) || exec.getOperation() == null) {
            return null;
        }
        String op = exec.getOperation();
        String name = op.contains("(") ? op.substring(0, op.indexOf('(')) : op;
        List<?> args = exec.getArguments() == null ? List.of() : exec.getArguments();
        for (MBeanOperationInfo o : info.getOperations()) {
            MBeanParameterInfo[] params = o.getSignature();
            if (o.getName().equals(name) && params.length == args.size()) {
                for (int i = 0; i < params.length; i++) {
                    if (isBoolean(params[i].getType()) && !isBooleanText(args.get(i))) {
                        return "argument " + (i + 1) + " of " + name + " takes true or false";
                    }
                }
            }
        }
        return null;
    }

    private static boolean isBoolean(String type) {
        return type.equals("boolean") || type.equals("java.lang.Boolean");
    }

    private static boolean isBooleanText(Object value) {
        return value instanceof Boolean
                || value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"));
    }
}
