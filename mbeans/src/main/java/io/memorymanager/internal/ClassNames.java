package io.memorymanager.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Class names as people read them. */
public final class ClassNames {

    private static final Pattern LAMBDA = Pattern.compile("\\$\\$Lambda(\\$\\d+)?[/+.]0x[0-9a-fA-F]+");
    private static final Pattern HIDDEN = Pattern.compile("[/+]0x[0-9a-fA-F]+");

    private ClassNames() {
    }

    /**
     * A class name as people read it in a stack frame: Java's spelling ({@link #javaName}) and a lambda or other
     * hidden class without its JVM-made suffix ({@code com.acme.Orders$$Lambda$166/0x0000000800c1b2a0} and
     * {@code ...$$Lambda$166+0x00007f...} are {@code com.acme.Orders$$Lambda}).
     */
    public static String readable(String name) {
        String java = javaName(name);
        if (java.indexOf("0x") < 0) {
            return java;
        }
        return HIDDEN.matcher(LAMBDA.matcher(java).replaceAll(Matcher.quoteReplacement("$$Lambda"))).replaceAll("");
    }

    /** A JVM class name as Java writes it: {@code [B} is {@code byte[]}, {@code [Ljava.lang.String;} is {@code java.lang.String[]}. */
    public static String javaName(String jvmName) {
        int dims = 0;
        while (dims < jvmName.length() && jvmName.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return jvmName;
        }
        String element = jvmName.substring(dims);
        String base = switch (element) {
            case "B" -> "byte";
            case "C" -> "char";
            case "D" -> "double";
            case "F" -> "float";
            case "I" -> "int";
            case "J" -> "long";
            case "S" -> "short";
            case "Z" -> "boolean";
            default -> element.startsWith("L") && element.endsWith(";")
                    ? element.substring(1, element.length() - 1) : element;
        };
        return base + "[]".repeat(dims);
    }
}
