package io.memorymanager.bridge.boot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Enumeration;

/**
 * Loads classes and resources from the {@code MM-INF/} folder of the agent jar. Class files there end in
 * {@code .classdata}, so that class-path scanners of the application (Spring, CDI, ...) do not find them. Its
 * parent is the platform class loader: the JDK is shared, the application's classes are not.
 */
final class IsolatingClassLoader extends ClassLoader {

    static final String ROOT = "MM-INF/";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader jar;
    private final ProtectionDomain domain;

    /**
     * @param parent the platform class loader
     * @param jar the loader that sees the agent jar (the system class loader, to which the JVM appends it)
     * @param location the agent jar, for the classes' code source
     */
    IsolatingClassLoader(ClassLoader parent, ClassLoader jar, URL location) {
        super("memory-manager", parent);
        this.jar = jar;
        this.domain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String path = ROOT + name.replace('.', '/') + ".classdata";
        byte[] bytes;
        try (InputStream in = jar.getResourceAsStream(path)) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String pkg = name.substring(0, dot);
            if (getDefinedPackage(pkg) == null) {
                try {
                    definePackage(pkg, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException racedWithAnotherThread) {
                    // defined meanwhile: fine
                }
            }
        }
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    @Override
    protected URL findResource(String name) {
        return jar.getResource(inJar(name));
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return jar.getResources(inJar(name));
    }

    // Libraries that read their own class files as resources ask for "x/Y.class".
    private static String inJar(String name) {
        return ROOT + (name.endsWith(".class") ? name + "data" : name);
    }
}
