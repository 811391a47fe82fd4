package io.memorymanager.samples.boot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain HTTP to the sample (no JSON library: Boot 3 and 4 bring different Jacksons). */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SERIES = Pattern.compile("(?m)^(memorymanager_[a-z0-9_]+)[{ ]");

    private final String base;

    Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The memorymanager_* series names in a Prometheus scrape. */
    static Set<String> seriesNames(String scrape) {
        Set<String> names = new TreeSet<>();
        Matcher m = SERIES.matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * The JSON object of one health component, {@code "name":{...}}, whatever the order of its keys (Boot 3's Jackson
     * writes status first, Boot 4's sorts them).
     */
    static String component(String health, String name) {
        int start = health.indexOf("\"" + name + "\":{");
        if (start < 0) {
            throw new AssertionError("no component " + name + " in " + health);
        }
        int from = start + name.length() + 3;
        int depth = 0;
        boolean quoted = false;
        for (int i = from; i < health.length(); i++) {
            char c = health.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '{') {
                depth++;
            } else if (!quoted && c == '}' && --depth == 0) {
                return health.substring(from, i + 1);
            }
        }
        throw new AssertionError("unbalanced JSON: " + health);
    }

    /**
     * The label values a dashboard or a rules file selects on, as {@code name{key="value"}} for every literal
     * alternative of every matcher but job's and instance's ({@code state=~"OPEN|CLOSED"} gives two).
     */
    static Set<String> queriedLabelValues(String text) {
        Set<String> selected = new TreeSet<>();
        Matcher selector = Pattern.compile("(memorymanager_[a-z0-9_]+)\\{([^}]*)\\}").matcher(text.replace("\\\"", "\""));
        while (selector.find()) {
            Matcher matcher = Pattern.compile("(\\w+)\\s*(=~|=)\\s*\"([^\"]*)\"").matcher(selector.group(2));
            while (matcher.find()) {
                String key = matcher.group(1);
                if (key.equals("job") || key.equals("instance") || matcher.group(3).contains("$")) {
                    continue;
                }
                for (String value : matcher.group(3).split("\\|")) {
                    if (value.matches("[A-Za-z0-9_-]+")) {
                        selected.add(selector.group(1) + "{" + key + "=\"" + value + "\"}");
                    }
                }
            }
        }
        return selected;
    }

    /** The same, of a scrape: every series' name with each of its labels. */
    static Set<String> scrapedLabelValues(String scrape) {
        Set<String> labelled = new TreeSet<>();
        Matcher series = Pattern.compile("(?m)^(memorymanager_[a-z0-9_]+)\\{([^}]*)\\}").matcher(scrape);
        while (series.find()) {
            Matcher label = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(series.group(2));
            while (label.find()) {
                labelled.add(series.group(1) + "{" + label.group(1) + "=\"" + label.group(2) + "\"}");
            }
        }
        return labelled;
    }

    /** The memorymanager_* names a dashboard or a rules file queries. */
    static Set<String> queriedNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("memorymanager_[a-z0-9_]+").matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
