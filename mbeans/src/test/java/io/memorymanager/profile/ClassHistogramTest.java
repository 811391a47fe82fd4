package io.memorymanager.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassHistogramTest {

    private static String fixture(String name) throws IOException {
        try (InputStream in = ClassHistogramTest.class.getResourceAsStream("/histograms/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void rowsAreParsedWithArraysLambdasHiddenClassesAndModules() throws IOException {
        ClassHistogram h = ClassHistogram.parse(fixture("jdk17.txt"), 0);
        assertThat(h.entries()).hasSize(9);
        assertThat(h.totalInstances()).isEqualTo(134935);
        assertThat(h.totalBytes()).isEqualTo(10441600);
        ClassHistogramEntry first = h.entries().get(0);
        assertThat(first).isEqualTo(new ClassHistogramEntry(1, "byte[]", "[B", "java.base@17.0.15", 70071, 4752584,
                45.5));
        assertThat(h.entries()).extracting(ClassHistogramEntry::className).contains(
                "java.lang.Object[]", "java.lang.String[][]",
                "com.sun.tools.javac.code.Symtab$$Lambda$77/0x00007fed1c0e7d80",
                "com.acme.Main$$Lambda$14/0x0000000800c03000", "com.acme.orders.Order$Line");
        assertThat(h.entries()).filteredOn(e -> e.className().equals("com.acme.orders.Order"))
                .singleElement().satisfies(e -> {
                    assertThat(e.module()).isEmpty();
                    assertThat(e.instances()).isEqualTo(1200);
                    assertThat(e.bytes()).isEqualTo(48000);
                });
        assertThat(h.entries()).extracting(ClassHistogramEntry::bytes).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(h.top(2)).extracting(ClassHistogramEntry::className).containsExactly("byte[]", "int[]");
        assertThat(h.top(2)).extracting(ClassHistogramEntry::descriptor).containsExactly("[B", "[I");
    }

    @Test
    void jdk25HiddenClassNamesParse() throws IOException {
        ClassHistogram h = ClassHistogram.parse(fixture("jdk25.txt"), 0);
        assertThat(h.entries()).extracting(ClassHistogramEntry::className)
                .containsExactly("byte[]", "java.lang.String", "com.sun.tools.javac.code.Symtab$$Lambda/0x000000006c0ecef8",
                        "com.acme.Cache$Entry");
        assertThat(h.entries().get(2).module()).isEqualTo("jdk.compiler@25.0.3");
    }

    @Test
    void missingTotalIsComputedFromTheRows() {
        ClassHistogram h = ClassHistogram.parse("   1:   10   100  a.B\n   2:   5   300  a.C (m@1)\n", 0);
        assertThat(h.totalInstances()).isEqualTo(15);
        assertThat(h.totalBytes()).isEqualTo(400);
        assertThat(h.entries().get(0).sharePercent()).isEqualTo(75.0);
    }

    @Test
    void textWithoutRowsIsRefused() {
        assertThatThrownBy(() -> ClassHistogram.parse("GC.class_histogram failed: not supported", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a class histogram");
    }

    @Test
    void aClassThatGrewRanksFirstAndUnchangedClassesShowZero() {
        ClassHistogram before = ClassHistogram.parse("""
                   1:   1000   100000  [B (java.base@17)
                   2:     10      400  com.acme.Order
                   3:      5      100  com.acme.Gone
                Total   1015   100500
                """, 0);
        ClassHistogram after = ClassHistogram.parse("""
                   1:   1000   100000  [B (java.base@17)
                   2:   2010    80400  com.acme.Order
                   3:      1       16  com.acme.New
                Total   3011   180416
                """, 120_000);
        List<ClassGrowth> growth = after.growthSince(before, 10);
        assertThat(growth.get(0)).isEqualTo(new ClassGrowth("com.acme.Order", 2000, 80000, 1000, 40000, 2010, 80400));
        assertThat(growth).filteredOn(g -> g.className().equals("byte[]")).singleElement()
                .satisfies(g -> assertThat(g.bytesDelta()).isZero())
                .satisfies(g -> assertThat(g.instancesDelta()).isZero());
        assertThat(growth).filteredOn(g -> g.className().equals("com.acme.Gone")).singleElement()
                .satisfies(g -> assertThat(g.bytesDelta()).isEqualTo(-100));
        assertThat(growth.get(growth.size() - 1).className()).isEqualTo("com.acme.Gone");
        assertThat(after.growthSince(before, 1)).hasSize(1);
    }
}
