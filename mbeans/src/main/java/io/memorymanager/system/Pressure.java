package io.memorymanager.system;

/** Parses Linux pressure-stall information ({@code /proc/pressure/memory}). */
final class Pressure {

    private Pressure() {
    }

    /**
     * The {@code avg10} of the {@code some} line: the share of the last 10 seconds, in percent, in which at least
     * one task stalled on memory; -1 when the text has no such value.
     * <pre>some avg10=0.12 avg60=0.03 avg300=0.00 total=12345</pre>
     */
    static double someAvg10(String text) {
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 2 || !fields[0].equals("some")) {
                continue;
            }
            for (String field : fields) {
                if (field.startsWith("avg10=")) {
                    try {
                        double value = Double.parseDouble(field.substring("avg10=".length()));
                        return value >= 0 && value <= 100 ? value : -1;
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }
}
