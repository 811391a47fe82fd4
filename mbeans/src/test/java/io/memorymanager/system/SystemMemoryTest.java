package io.memorymanager.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SystemMemoryTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger reads = new AtomicInteger();

    private SystemMemorySnapshot read() {
        int n = reads.incrementAndGet();
        return new SystemMemorySnapshot(1000, 1000 - n, 0, 0, 0, 0, 10, 20, 1, 0, 500, 250, 0.5, now.get());
    }

    @Test
    void readsWithinTheCacheTimeShareOneReadingOfTheOs() {
        SystemMemory memory = new SystemMemory(this::read, now::get, Duration.ofMillis(500));

        assertThat(memory.getUsedBytes()).isEqualTo(1);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(499));
        memory.getTotalBytes();
        memory.getContainerUsedPercent();
        assertThat(memory.getUsedBytes()).isEqualTo(1);
        assertThat(reads).hasValue(1);

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(memory.getUsedBytes()).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void zeroCacheTimeReadsEveryTime() {
        SystemMemory memory = new SystemMemory(this::read, now::get, Duration.ZERO);
        memory.getUsedBytes();
        memory.getUsedBytes();
        assertThat(reads).hasValue(2);
    }

    @Test
    void derivedValuesComeFromOneReading() {
        SystemMemory memory = new SystemMemory(this::read, now::get, Duration.ofSeconds(1));
        assertThat(memory.getUsedPercent()).isEqualTo(0.1);
        assertThat(memory.getContainerUsedPercent()).isEqualTo(50.0);
        assertThat(memory.getPressureSomeAvg10()).isEqualTo(0.5);
    }

    @Test
    void unknownTotalsGiveMinusOneNotAnError() {
        SystemMemorySnapshot unknown = new SystemMemorySnapshot(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                now.get());
        SystemMemory memory = new SystemMemory(() -> unknown, now::get, Duration.ZERO);
        assertThat(memory.getUsedBytes()).isEqualTo(-1);
        assertThat(memory.getUsedPercent()).isEqualTo(-1);
        assertThat(memory.getContainerUsedPercent()).isEqualTo(-1);
    }

    @Test
    void invalidCacheTimeIsRefusedAndKeepsTheOldOne() {
        SystemMemory memory = new SystemMemory(this::read, now::get, Duration.ofMillis(300));
        assertThatThrownBy(() -> memory.setCacheMillis(60_001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CacheMillis must be at most 60000, was 60001");
        assertThat(memory.getCacheMillis()).isEqualTo(300);
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE, -1, 0, 1, 249})
    void aCacheTimeBelowTheFloorIsRefusedAndKeepsTheOldOne(long millis) {
        SystemMemory memory = new SystemMemory(this::read, now::get, Duration.ofMillis(300));
        assertThatThrownBy(() -> memory.setCacheMillis(millis))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CacheMillis must be at least 250, was " + millis);
        assertThat(memory.getCacheMillis()).isEqualTo(300);
    }

    @Test
    void theCacheFloorIsAcceptedAndHoldsOneReadingThatLong() {
        SystemMemory memory = new SystemMemory(this::read, now::get, Duration.ZERO);
        memory.setCacheMillis(SystemMemoryMXBean.MIN_CACHE_MILLIS);
        assertThat(memory.getCacheMillis()).isEqualTo(250);
        memory.getTotalBytes();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(249));
        memory.getAvailableBytes();
        assertThat(reads).hasValue(1);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        memory.getAvailableBytes();
        assertThat(reads).hasValue(2);
    }
}
