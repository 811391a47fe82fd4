package io.memorymanager.internal;

import java.util.regex.Pattern;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** Builds every ObjectName of Memory Manager: {@code io.memorymanager:type=Kind[,name=x]}. */
public final class ObjectNames {

    /** The JMX domain of all Memory Manager MBeans. */
    public static final String DOMAIN = "io.memorymanager";

    // Characters that may not stand unquoted in an ObjectName value.
    private static final Pattern NEEDS_QUOTING = Pattern.compile("[,=:\"*?\\n]");

    private ObjectNames() {
    }

    /** {@code io.memorymanager:type=<type>}. */
    public static ObjectName of(String type) {
        return parse(DOMAIN + ":type=" + type);
    }

    /** {@code io.memorymanager:type=<type>,name=<name>}, with the user-supplied name quoted when it must be. */
    public static ObjectName of(String type, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
        }
        String value = NEEDS_QUOTING.matcher(name).find() ? ObjectName.quote(name) : name;
        return parse(DOMAIN + ":type=" + type + ",name=" + value);
    }

    /** Parses {@code name}; a malformed one is an IllegalArgumentException. */
    public static ObjectName parse(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not a valid ObjectName: " + name, e);
        }
    }
}
