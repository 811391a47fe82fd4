package io.memorymanager.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.memorymanager.MemoryManager;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The live SystemMemory MXBean, read the way a remote client does: through a proxy on the platform server. */
class SystemMemoryMXBeanContractTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static MemoryManager installed;
    private static SystemMemoryMXBean proxy;

    @BeforeAll
    static void install() {
        installed = MemoryManager.install();
        proxy = JMX.newMXBeanProxy(SERVER, MemoryManager.SYSTEM_MEMORY, SystemMemoryMXBean.class);
    }

    @AfterAll
    static void uninstall() {
        installed.close();
    }

    @Test
    void everyAttributeIsReadable() throws Exception {
        MBeanAttributeInfo[] attributes = SERVER.getMBeanInfo(MemoryManager.SYSTEM_MEMORY).getAttributes();
        assertThat(attributes).hasSizeGreaterThanOrEqualTo(17);
        for (MBeanAttributeInfo a : attributes) {
            assertThat(SERVER.getAttribute(MemoryManager.SYSTEM_MEMORY, a.getName())).as(a.getName()).isNotNull();
        }
    }

    @Test
    void physicalMemoryValuesAreConsistent() {
        long total = proxy.getTotalBytes();
        assertThat(total).isPositive();
        assertThat(proxy.getAvailableBytes()).isBetween(0L, total);
        assertThat(proxy.getUsedBytes()).isBetween(0L, total);
        assertThat(proxy.getUsedPercent()).isBetween(0.0, 100.0);
        assertThat(proxy.getSwapUsedBytes()).isBetween(0L, Math.max(0, proxy.getSwapTotalBytes()));
        assertThat(proxy.getSwapPagesIn()).isGreaterThanOrEqualTo(0);
        assertThat(proxy.getSwapPagesOut()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void processValuesAreConsistent() {
        long rss = proxy.getProcessResidentBytes();
        assertThat(rss).isPositive().isLessThanOrEqualTo(proxy.getProcessVirtualBytes());
        assertThat(rss).isLessThanOrEqualTo(proxy.getTotalBytes());
        assertThat(proxy.getProcessMinorFaults()).isPositive();
        assertThat(proxy.getProcessMajorFaults()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void containerValuesAreAbsentOrConsistent() {
        long limit = proxy.getContainerLimitBytes();
        long used = proxy.getContainerUsedBytes();
        // the same files, read here: the limit is the tightest one, and without a limit there is no container figure
        long expected = CgroupMemory.read(Path.of("/")).map(CgroupMemory.Reading::limitBytes).orElse(-1L);
        assertThat(limit).isEqualTo(expected);
        if (limit > 0) {
            assertThat(used).isNotNegative();
        } else {
            assertThat(used).isEqualTo(-1);
        }
        if (limit > 0 && used >= 0) {
            assertThat(proxy.getContainerUsedPercent()).isBetween(0.0, 100.0);
        } else {
            assertThat(proxy.getContainerUsedPercent()).isEqualTo(-1);
        }
        double psi = proxy.getPressureSomeAvg10();
        assertThat(psi == -1 || (psi >= 0 && psi <= 100)).as("PSI %s", psi).isTrue();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void totalBytesEqualsMemTotalOfProcMeminfo() throws IOException {
        long memTotalKb = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst().orElseThrow();
        assertThat(proxy.getTotalBytes()).isEqualTo(memTotalKb * 1024);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void containerUsageMatchesTheCgroupFilesOfThisMachine() {
        ContainerMemory.Reading direct = ContainerMemory.read(Path.of("/"));
        assertThat(proxy.getContainerLimitBytes()).isEqualTo(direct.limitBytes());
        assertThat(proxy.getContainerUsedBytes() >= 0).as("usage only where the cgroup sets a limit")
                .isEqualTo(direct.limitBytes() > 0 && direct.usedBytes() >= 0);
    }
}
