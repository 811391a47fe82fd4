package io.memorymanager.profile;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.openjdk.jol.datamodel.Model64;
import org.openjdk.jol.info.ClassData;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.layouters.HotSpotLayouter;

/** The field layout of a loaded class as this JVM lays it out (JOL's simulating layouter: no VM access needed). */
final class ObjectLayouts {

    private final Instrumentation instrumentation;

    /** @param instrumentation the agent's, to find classes no class loader here sees; may be null */
    ObjectLayouts(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    ObjectLayout of(String className) {
        if (className == null || className.isBlank()) {
            throw new IllegalArgumentException("className must not be blank");
        }
        Class<?> type = findLoaded(className.trim());
        if (type.isPrimitive() || type.isArray() || type.isInterface()) {
            throw new IllegalArgumentException("className must name a class with instance fields, was "
                    + className + " (" + (type.isArray() ? "an array" : type.isInterface() ? "an interface"
                    : "a primitive") + ")");
        }
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        boolean oops = flag(vm, "UseCompressedOops", true);
        boolean classPointers = flag(vm, "UseCompressedClassPointers", true);
        int align = Integer.parseInt(vmOption(vm, "ObjectAlignmentInBytes", "8"));
        Model64 model = new Model64(oops, classPointers, align);
        ClassLayout layout = new HotSpotLayouter(model, Runtime.version().feature()).layout(ClassData.parseClass(type));
        List<FieldLayout> fields = layout.fields().stream()
                .map(f -> new FieldLayout(f.name(), f.typeClass(), f.hostClass(), f.offset(), f.size()))
                .toList();
        return new ObjectLayout(type.getName(), layout.headerSize(), layout.instanceSize(), layout.getLossesTotal(),
                fields, model.toString(), layout.toPrintable());
    }

    private static boolean flag(HotSpotDiagnosticMXBean vm, String name, boolean fallback) {
        return Boolean.parseBoolean(vmOption(vm, name, Boolean.toString(fallback)));
    }

    private static String vmOption(HotSpotDiagnosticMXBean vm, String name, String fallback) {
        try {
            return vm.getVMOption(name).getValue();
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    private Class<?> findLoaded(String name) {
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
            ClassLoader.getSystemClassLoader(), Profiler.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next
            }
        }
        if (instrumentation != null) {
            for (Class<?> c : instrumentation.getAllLoadedClasses()) {
                if (c.getName().equals(name)) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("class '" + name + "' is not loaded in this JVM (or not visible)");
    }
}
