package io.memorymanager.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.memorymanager.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllocationSamplerTest {

    private final ManualClock clock = new ManualClock(1_000_000);

    @Test
    void sitesAreRankedByBytesWithTheirTopApplicationFrames() {
        AllocationSampler sampler = new AllocationSampler(Duration.ofSeconds(60), clock);
        List<String> orders = List.of("java.util.ArrayList.grow:237", "com.acme.Orders.load:42",
                "com.acme.Orders.all:17", "com.acme.Web.handle:88", "com.acme.Main.main:5");
        sampler.recordForTest(orders, "java.lang.Object[]", 3000);
        sampler.recordForTest(orders, "java.lang.Object[]", 1000);
        sampler.recordForTest(List.of("com.acme.Cache.put:9"), "byte[]", 1000);

        List<AllocationSite> top = sampler.topSites(10);
        assertThat(top).hasSize(2);
        assertThat(top.get(0).frames()).containsExactly("com.acme.Orders.load:42", "com.acme.Orders.all:17",
                "com.acme.Web.handle:88");
        assertThat(top.get(0).estimatedBytes()).isEqualTo(4000);
        assertThat(top.get(0).samples()).isEqualTo(2);
        assertThat(top.get(0).sharePercent()).isEqualTo(80.0);
        assertThat(sampler.topSites(1)).hasSize(1);
    }

    @Test
    void samplesOlderThanTheWindowAgeOut() {
        AllocationSampler sampler = new AllocationSampler(Duration.ofSeconds(60), clock);
        sampler.recordForTest(List.of("com.acme.Old.run:1"), "byte[]", 100);
        clock.advance(30_000);
        sampler.recordForTest(List.of("com.acme.New.run:1"), "byte[]", 100);
        assertThat(sampler.topSites(10)).hasSize(2);
        clock.advance(45_000);
        assertThat(sampler.topSites(10)).extracting(s -> s.frames().get(0)).containsExactly("com.acme.New.run:1");
        clock.advance(60_000);
        assertThat(sampler.topSites(10)).isEmpty();
    }

    @Test
    void collapsedStacksGoRootFirstWithTheClassAsLeaf(@TempDir Path dir) throws IOException {
        AllocationSampler sampler = new AllocationSampler(Duration.ofSeconds(60), clock);
        sampler.recordForTest(List.of("com.acme.A.inner:3", "com.acme.A.outer:9"), "byte[]", 100);
        sampler.recordForTest(List.of("com.acme.A.inner:3", "com.acme.A.outer:9"), "byte[]", 50);
        Path file = dir.resolve("out.collapsed");
        assertThat(sampler.writeCollapsed(file)).isEqualTo(1);
        assertThat(Files.readAllLines(file)).containsExactly("com.acme.A.outer:9;com.acme.A.inner:3;byte[] 150");
    }

    @Test
    void jvmArrayNamesReadAsJava() {
        assertThat(AllocationSampler.javaName("[B")).isEqualTo("byte[]");
        assertThat(AllocationSampler.javaName("[[I")).isEqualTo("int[][]");
        assertThat(AllocationSampler.javaName("[Ljava.lang.String;")).isEqualTo("java.lang.String[]");
        assertThat(AllocationSampler.javaName("java.lang.String")).isEqualTo("java.lang.String");
    }

    @Test
    void lambdasAndHiddenClassesReadWithoutTheirJvmSuffix() {
        assertThat(AllocationSampler.javaName("com.acme.Orders$$Lambda$166+0x00007f3a1c0e7d80"))
                .isEqualTo("com.acme.Orders$$Lambda");
        assertThat(AllocationSampler.javaName("com.acme.Orders$$Lambda$166/0x0000000800c1b2a0"))
                .isEqualTo("com.acme.Orders$$Lambda");
        assertThat(AllocationSampler.javaName("com.acme.Orders$$Lambda/0x000000006c0ecef8"))
                .isEqualTo("com.acme.Orders$$Lambda");
        assertThat(AllocationSampler.javaName("com.acme.Proxy/0x000000006c0ecef8")).isEqualTo("com.acme.Proxy");
        assertThat(AllocationSampler.javaName("com.acme.Orders$Line")).isEqualTo("com.acme.Orders$Line");
    }

    @Test
    void memoryManagersOwnFramesAreNotApplicationFrames() {
        assertThat(AllocationSampler.isApplication("com.acme.Orders")).isTrue();
        assertThat(AllocationSampler.isApplication("io.memorymanager.samples.Demo")).isTrue();
        assertThat(AllocationSampler.isApplication("io.memorymanager.pool.ObjectPool")).isFalse();
        assertThat(AllocationSampler.isApplication("oshi.util.FileUtil")).isFalse();
        assertThat(AllocationSampler.isApplication("org.jolokia.server.core.Foo")).isFalse();
        assertThat(AllocationSampler.isApplication("java.util.ArrayList")).isFalse();
    }
}
