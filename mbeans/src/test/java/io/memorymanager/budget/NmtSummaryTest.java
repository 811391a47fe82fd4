package io.memorymanager.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NmtSummaryTest {

    private static String fixture(String name) throws IOException {
        try (InputStream in = NmtSummaryTest.class.getResourceAsStream("/budget/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nmt-jdk17.txt", "nmt-jdk25.txt"})
    void theCategoriesAddUpToTheTotal(String file) throws IOException {
        NmtSummary nmt = NmtSummary.parse(fixture(file)).orElseThrow();
        long sum = nmt.categories().values().stream().mapToLong(NmtSummary.Amount::committedBytes).sum();
        assertThat(sum).isEqualTo(nmt.total().committedBytes());
        assertThat(nmt.categories()).containsKeys("Java Heap", "Class", "Thread", "Code", "GC", "Symbol", "Other",
                "Shared class space");
        assertThat(nmt.category("Java Heap")).isEqualTo(new NmtSummary.Amount(268435456, 268435456));
    }

    @Test
    void jdk17() throws IOException {
        NmtSummary nmt = NmtSummary.parse(fixture("nmt-jdk17.txt")).orElseThrow();
        assertThat(nmt.total()).isEqualTo(new NmtSummary.Amount(1763960205, 361022861));
        assertThat(nmt.threadStacks()).isEqualTo(new NmtSummary.Amount(22020096, 892928));
        assertThat(nmt.threads()).isEqualTo(21);
        assertThat(nmt.category("GC").committedBytes()).isEqualTo(48599491);
    }

    @Test
    void jdk25SaysThreadsAndAddsFieldsAfterCommitted() throws IOException {
        NmtSummary nmt = NmtSummary.parse(fixture("nmt-jdk25.txt")).orElseThrow();
        assertThat(nmt.total()).isEqualTo(new NmtSummary.Amount(1758189440, 359667584));
        assertThat(nmt.threadStacks()).isEqualTo(new NmtSummary.Amount(19922944, 929792));
        assertThat(nmt.threads()).isEqualTo(19);
        assertThat(nmt.category("Shared class space")).isEqualTo(new NmtSummary.Amount(16777312, 14241888));
    }

    @Test
    void withoutTrackingThereIsNoSummary() throws IOException {
        assertThat(NmtSummary.parse(fixture("nmt-off.txt"))).isEmpty();
        assertThat(NmtSummary.parse("")).isEmpty();
    }

    @Test
    void oddLinesAreSkipped() {
        NmtSummary nmt = NmtSummary.parse("""
                Native Memory Tracking:
                (Omitting categories weighting less than 1B)
                Total: reserved=1000, committed=600
                -                 Java Heap (reserved=800, committed=500)
                -                  Mystery (reserved=x, committed=y)
                garbage line (reserved=1, committed=2)
                -                    Thread (reserved=200, committed=100)
                                            (stack: reserved=150, committed=60)
                """).orElseThrow();
        assertThat(nmt.categories()).containsOnlyKeys("Java Heap", "Thread");
        assertThat(nmt.threadStacks()).isEqualTo(new NmtSummary.Amount(150, 60));
        assertThat(nmt.threads()).isEqualTo(-1);
    }
}
