package io.memorymanager.internal;

import io.memorymanager.Description;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import javax.management.Descriptor;
import javax.management.ImmutableDescriptor;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotificationEmitter;
import javax.management.StandardEmitterMBean;
import javax.management.StandardMBean;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenType;

/**
 * Wraps an MXBean implementation so that its MBeanInfo carries the {@link Description} texts of its interface,
 * parameter names, operation impacts, and a {@code units} descriptor field derived from each attribute's name
 * ({@code ...Bytes} is bytes, {@code ...Millis} is ms, {@code ...Percent} is percent). JConsole, VisualVM and
 * Hawtio show these. A missing description is a programming error and fails registration.
 */
public final class DescribedMBean {

    private DescribedMBean() {
    }

    /**
     * The MBean to register for {@code impl}. When {@code impl} is a {@link NotificationEmitter} the MBean emits
     * its notifications and declares them in its MBeanInfo.
     */
    public static <T> StandardMBean of(T impl, Class<T> mxbeanInterface) {
        return of(impl, mxbeanInterface, impl instanceof NotificationEmitter emitter ? emitter : null);
    }

    /** The MBean to register for {@code impl}, emitting through {@code emitter} (null for none). */
    public static <T> StandardMBean of(T impl, Class<T> mxbeanInterface, NotificationEmitter emitter) {
        Describer describer = new Describer(mxbeanInterface);
        if (emitter != null) {
            return new Emitting<>(impl, mxbeanInterface, emitter, describer);
        }
        return new Plain<>(impl, mxbeanInterface, describer);
    }

    /** The unit of an attribute named by our convention, or {@code null} when the name carries none. */
    static String unitsOf(String attributeName) {
        if (attributeName.endsWith("BytesPerSecond")) {
            return "bytes/s";
        } else if (attributeName.endsWith("BytesPerMinute")) {
            return "bytes/min";
        } else if (attributeName.endsWith("Bytes")) {
            return "bytes";
        } else if (attributeName.endsWith("Millis")) {
            return "ms";
        } else if (attributeName.endsWith("Seconds")) {
            return "s";
        } else if (attributeName.endsWith("Percent") || attributeName.endsWith("Avg10")) {
            return "percent";
        }
        return null;
    }

    // Plain and Emitting repeat the same one-line hooks: the JDK's two base classes share no overridable type,
    // and making every MBean an emitter would show an empty Notifications node in JConsole.
    private static final class Plain<T> extends StandardMBean {
        private final Describer describer;

        Plain(T impl, Class<T> intf, Describer describer) {
            super(impl, intf, true);
            this.describer = describer;
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            MBeanInfo info = super.getMBeanInfo();
            MBeanInfo described = describer.withUnits(info);
            if (described != info) {
                cacheMBeanInfo(described);
            }
            return described;
        }

        @Override
        protected String getDescription(MBeanInfo info) {
            return describer.type();
        }

        @Override
        protected String getDescription(MBeanAttributeInfo info) {
            return describer.attribute(info.getName());
        }

        @Override
        protected String getDescription(MBeanOperationInfo info) {
            return describer.operation(info).value();
        }

        @Override
        protected int getImpact(MBeanOperationInfo info) {
            return describer.operation(info).impact();
        }

        @Override
        protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
            return describer.parameter(op, sequence).name();
        }

        @Override
        protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
            return describer.parameter(op, sequence).value();
        }
    }

    private static final class Emitting<T> extends StandardEmitterMBean {
        private final Describer describer;

        Emitting(T impl, Class<T> intf, NotificationEmitter emitter, Describer describer) {
            super(impl, intf, true, emitter);
            this.describer = describer;
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            MBeanInfo info = super.getMBeanInfo();
            MBeanInfo described = describer.withUnits(info);
            if (described != info) {
                cacheMBeanInfo(described);
            }
            return described;
        }

        @Override
        protected String getDescription(MBeanInfo info) {
            return describer.type();
        }

        @Override
        protected String getDescription(MBeanAttributeInfo info) {
            return describer.attribute(info.getName());
        }

        @Override
        protected String getDescription(MBeanOperationInfo info) {
            return describer.operation(info).value();
        }

        @Override
        protected int getImpact(MBeanOperationInfo info) {
            return describer.operation(info).impact();
        }

        @Override
        protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
            return describer.parameter(op, sequence).name();
        }

        @Override
        protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
            return describer.parameter(op, sequence).value();
        }
    }

    /** Reads the {@link Description} annotations of one MXBean interface. */
    private static final class Describer {
        private final Class<?> intf;

        Describer(Class<?> intf) {
            this.intf = intf;
        }

        String type() {
            Description d = intf.getAnnotation(Description.class);
            if (d == null) {
                throw missing(intf.getName());
            }
            return d.value();
        }

        String attribute(String name) {
            for (String prefix : new String[] {"get", "is"}) {
                try {
                    Description d = intf.getMethod(prefix + name).getAnnotation(Description.class);
                    if (d != null) {
                        return d.value();
                    }
                } catch (NoSuchMethodException e) {
                    // try the other prefix
                }
            }
            throw missing(intf.getName() + "." + name);
        }

        Description operation(MBeanOperationInfo op) {
            Description d = method(op).getAnnotation(Description.class);
            if (d == null) {
                throw missing(intf.getName() + "." + op.getName() + "()");
            }
            return d;
        }

        Description parameter(MBeanOperationInfo op, int sequence) {
            Parameter p = method(op).getParameters()[sequence];
            Description d = p.getAnnotation(Description.class);
            if (d == null || d.name().isEmpty()) {
                throw missing(intf.getName() + "." + op.getName() + " parameter " + sequence + " (name and text)");
            }
            return d;
        }

        private Method method(MBeanOperationInfo op) {
            int arity = op.getSignature().length;
            Method found = null;
            for (Method m : intf.getMethods()) {
                if (m.getName().equals(op.getName()) && m.getParameterCount() == arity) {
                    if (found != null) {
                        throw new IllegalStateException("overloaded operation " + op.getName() + " with "
                                + arity + " parameters cannot be described");
                    }
                    found = m;
                }
            }
            if (found == null) {
                throw new IllegalStateException("no method for operation " + op.getName());
            }
            return found;
        }

        /** The same MBeanInfo with a {@code units} field on each attribute whose name carries a unit. */
        MBeanInfo withUnits(MBeanInfo info) {
            boolean changed = false;
            List<MBeanAttributeInfo> attributes = new ArrayList<>();
            for (MBeanAttributeInfo a : info.getAttributes()) {
                String units = unitsOf(a.getName());
                Object openType = a.getDescriptor().getFieldValue("openType");
                if (units == null || a.getDescriptor().getFieldValue("units") != null
                        || !(openType instanceof OpenType<?> type)) {
                    attributes.add(a);
                    continue;
                }
                Descriptor descriptor = ImmutableDescriptor.union(a.getDescriptor(),
                        new ImmutableDescriptor("units=" + units));
                attributes.add(new OpenMBeanAttributeInfoSupport(a.getName(), a.getDescription(), type,
                        a.isReadable(), a.isWritable(), a.isIs(), descriptor));
                changed = true;
            }
            if (!changed) {
                return info;
            }
            return new MBeanInfo(info.getClassName(), info.getDescription(),
                    attributes.toArray(new MBeanAttributeInfo[0]), info.getConstructors(), info.getOperations(),
                    info.getNotifications(), info.getDescriptor());
        }

        private static IllegalStateException missing(String what) {
            return new IllegalStateException(what + " has no @Description");
        }
    }

}
