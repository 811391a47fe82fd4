package io.memorymanager.system;

import io.memorymanager.internal.Round;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@link SystemMemoryMXBean} backed by OSHI and the cgroup and PSI files. One reading serves every attribute
 * for {@link #getCacheMillis()}, so a client polling all attributes, or many clients, cost one read of the OS.
 */
public final class SystemMemory implements SystemMemoryMXBean {

    /** The longest reuse of one reading that may be configured. */
    public static final Duration MAX_CACHE = Duration.ofMinutes(1);

    private final Supplier<SystemMemorySnapshot> reader;
    private final Supplier<SystemPressure> pressure;
    private final LongSupplier resident;
    private final LongSupplier physical;
    private final LongSupplier nanoClock;
    private volatile long cacheNanos;
    private volatile SystemMemorySnapshot cached;

    /** Reads the real operating system, reusing each reading for {@code cacheDuration}. */
    public SystemMemory(Duration cacheDuration) {
        this(new OsReader(Path.of("/"), System::nanoTime)::read, true, System::nanoTime, cacheDuration);
    }

    /** Pressure figures come from the full readings of {@code reader}. */
    SystemMemory(Supplier<SystemMemorySnapshot> reader, LongSupplier nanoClock, Duration cacheDuration) {
        this(reader, false, nanoClock, cacheDuration);
    }

    // lean: pressure figures from the real files, falling back on full readings where they are missing (not Linux)
    private SystemMemory(Supplier<SystemMemorySnapshot> reader, boolean lean, LongSupplier nanoClock,
            Duration cacheDuration) {
        this.reader = reader;
        PressureReader files = lean ? new PressureReader(Path.of("/"), this::snapshot) : null;
        this.pressure = lean ? files::read : () -> SystemPressure.of(snapshot());
        this.resident = lean ? files::residentBytes : () -> snapshot().processResidentBytes();
        this.physical = lean ? files::totalBytes : () -> snapshot().totalBytes();
        this.nanoClock = nanoClock;
        long millis = cacheDuration.toMillis();
        if (millis < 0 || millis > MAX_CACHE.toMillis()) {
            throw new IllegalArgumentException(
                    "cacheDuration must be between 0 and " + MAX_CACHE.toMillis() + " ms, was " + millis);
        }
        cacheNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /**
     * What the Monitor judges, read now (not cached): physical and container memory in use and memory stalls. On
     * Linux from the few files they come from, at next to no allocation; elsewhere from {@link #snapshot()}.
     */
    public SystemPressure pressure() {
        return pressure.get();
    }

    /** Physical memory in bytes, read now (not cached) as {@link #residentBytes()} is; -1 when unknown. */
    public long physicalBytes() {
        return physical.getAsLong();
    }

    /**
     * The process's resident set in bytes, read now (not cached); on Linux from {@code /proc/self/status} alone, so
     * that the memory budget's checks cost next to nothing; -1 when unknown.
     */
    public long residentBytes() {
        return resident.getAsLong();
    }

    /** The current reading: the cached one while it is younger than the cache time, else a fresh one. */
    public SystemMemorySnapshot snapshot() {
        SystemMemorySnapshot s = cached;
        if (s != null && nanoClock.getAsLong() - s.takenAtNanos() < cacheNanos) {
            return s;
        }
        synchronized (this) {
            s = cached;
            if (s == null || nanoClock.getAsLong() - s.takenAtNanos() >= cacheNanos) {
                s = reader.get();
                cached = s;
            }
            return s;
        }
    }

    @Override
    public long getTotalBytes() {
        return snapshot().totalBytes();
    }

    @Override
    public long getAvailableBytes() {
        return snapshot().availableBytes();
    }

    @Override
    public long getUsedBytes() {
        return snapshot().usedBytes();
    }

    @Override
    public double getUsedPercent() {
        return Round.percent(snapshot().usedPercent());
    }

    @Override
    public long getSwapTotalBytes() {
        return snapshot().swapTotalBytes();
    }

    @Override
    public long getSwapUsedBytes() {
        return snapshot().swapUsedBytes();
    }

    @Override
    public long getSwapPagesIn() {
        return snapshot().swapPagesIn();
    }

    @Override
    public long getSwapPagesOut() {
        return snapshot().swapPagesOut();
    }

    @Override
    public long getProcessResidentBytes() {
        return snapshot().processResidentBytes();
    }

    @Override
    public long getProcessVirtualBytes() {
        return snapshot().processVirtualBytes();
    }

    @Override
    public long getProcessMinorFaults() {
        return snapshot().processMinorFaults();
    }

    @Override
    public long getProcessMajorFaults() {
        return snapshot().processMajorFaults();
    }

    @Override
    public long getContainerLimitBytes() {
        return snapshot().containerLimitBytes();
    }

    @Override
    public long getContainerUsedBytes() {
        return snapshot().containerUsedBytes();
    }

    @Override
    public double getContainerUsedPercent() {
        return Round.percent(snapshot().containerUsedPercent());
    }

    @Override
    public double getPressureSomeAvg10() {
        return snapshot().pressureSomeAvg10();
    }

    @Override
    public long getCacheMillis() {
        return TimeUnit.NANOSECONDS.toMillis(cacheNanos);
    }

    @Override
    public void setCacheMillis(long millis) {
        if (millis < MIN_CACHE_MILLIS) {
            throw new IllegalArgumentException("CacheMillis must be at least " + MIN_CACHE_MILLIS + ", was " + millis);
        }
        if (millis > MAX_CACHE.toMillis()) {
            throw new IllegalArgumentException("CacheMillis must be at most " + MAX_CACHE.toMillis() + ", was " + millis);
        }
        cacheNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
