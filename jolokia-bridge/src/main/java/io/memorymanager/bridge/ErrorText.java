package io.memorymanager.bridge;

import java.util.List;
import java.util.Map;

/**
 * Takes out of Jolokia's answers what tells an attacker about our insides: {@code error_type} and
 * {@code error_type_jmx} (Java class names), {@code stacktrace}, {@code error_value} (a serialised exception), and
 * fully qualified exception class names inside {@code error} texts ("java.lang.IllegalArgumentException : percent
 * must be..." becomes "percent must be..."), also in the per-attribute errors nested in a value
 * ({@code ignoreErrors}) and in each answer of a bulk. The text is scanned once, left to right: its cost grows
 * with its length and nothing else (no regular expression, no recursion over the text).
 */
final class ErrorText {

    /** How deep into a value to look for nested error objects: a pattern read nests them at depth 2. */
    private static final int MAX_NESTING = 3;

    private ErrorText() {
    }

    /** Scrubs one Jolokia answer (a JSON object) in place. */
    static void scrub(Map<?, ?> answer) {
        scrub(answer, 0);
    }

    @SuppressWarnings("unchecked")
    private static void scrub(Map<?, ?> map, int depth) {
        Map<String, Object> m = (Map<String, Object>) map;
        if (m.containsKey("error") || m.containsKey("error_type")) {
            m.keySet().removeIf(k -> k.startsWith("error_type") || k.equals("stacktrace") || k.equals("error_value"));
            if (m.get("error") instanceof String error) {
                m.put("error", withoutClassNames(error));
            }
        }
        if (depth >= MAX_NESTING) {
            return;
        }
        for (Object v : m.values()) {
            if (v instanceof Map<?, ?> inner) {
                scrub(inner, depth + 1);
            } else if (v instanceof List<?> list && depth == 0) {
                // a bulk's answers, or an exec result list: only the first level, where errors can stand
                for (Object item : list) {
                    if (item instanceof Map<?, ?> innerMap) {
                        scrub(innerMap, depth + 1);
                    }
                }
            }
        }
    }

    /**
     * The text without qualified exception class names ({@code a.b.SomeException} or {@code a.b.SomeError}, with
     * a following colon and spaces): one pass, linear in the length.
     */
    static String withoutClassNames(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            boolean boundary = i == 0 || !(Character.isJavaIdentifierPart(text.charAt(i - 1)) || text.charAt(i - 1) == '.');
            if (!boundary || !Character.isJavaIdentifierStart(c)) {
                out.append(c);
                i++;
                continue;
            }
            int end = identifierEnd(text, i);
            int lastStart = i;
            int segments = 1;
            while (end + 1 < n && text.charAt(end) == '.' && Character.isJavaIdentifierStart(text.charAt(end + 1))) {
                lastStart = end + 1;
                end = identifierEnd(text, lastStart);
                segments++;
            }
            String last = text.substring(lastStart, end);
            boolean exceptionName = segments >= 2 && Character.isUpperCase(last.charAt(0))
                    && (last.endsWith("Exception") || last.endsWith("Error"));
            if (!exceptionName) {
                out.append(text, i, end);
                i = end;
                continue;
            }
            int k = end;
            while (k < n && Character.isWhitespace(text.charAt(k))) {
                k++;
            }
            if (k < n && text.charAt(k) == ':') {
                k++;
                while (k < n && Character.isWhitespace(text.charAt(k))) {
                    k++;
                }
            }
            i = k;
        }
        return out.toString().trim();
    }

    private static int identifierEnd(String text, int start) {
        int j = start + 1;
        while (j < text.length() && Character.isJavaIdentifierPart(text.charAt(j))) {
            j++;
        }
        return j;
    }
}
