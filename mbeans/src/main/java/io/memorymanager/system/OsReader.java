package io.memorymanager.system;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import oshi.hardware.VirtualMemory;
import oshi.software.os.OSProcess;

/**
 * Takes one {@link SystemMemorySnapshot} from OSHI, the cgroup files and {@code /proc/pressure/memory}. Never
 * throws: a platform OSHI cannot read (or a JNA that will not load) gives -1 values and one WARN.
 */
final class OsReader {

    private static final Logger LOG = LoggerFactory.getLogger(OsReader.class);

    private final Path root;
    private final CgroupMemory.Reader cgroups;
    private final LongSupplier nanoClock;
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile Oshi oshi;
    private volatile boolean oshiFailed;

    /** The OSHI objects, created on first use: creating them loads JNA, which is not free. */
    private record Oshi(GlobalMemory memory, VirtualMemory swap, OSProcess process) {
    }

    OsReader(Path root, LongSupplier nanoClock) {
        this.root = root;
        this.cgroups = new CgroupMemory.Reader(root);
        this.nanoClock = nanoClock;
    }

    SystemMemorySnapshot read() {
        long total = -1;
        long available = -1;
        long swapTotal = -1;
        long swapUsed = -1;
        long pagesIn = -1;
        long pagesOut = -1;
        long rss = -1;
        long vsz = -1;
        long minor = -1;
        long major = -1;
        Oshi o = oshi();
        if (o != null) {
            try {
                total = o.memory().getTotal();
                available = o.memory().getAvailable();
                swapTotal = o.swap().getSwapTotal();
                swapUsed = o.swap().getSwapUsed();
                pagesIn = o.swap().getSwapPagesIn();
                pagesOut = o.swap().getSwapPagesOut();
                if (o.process().updateAttributes()) {
                    rss = o.process().getResidentMemory();
                    vsz = o.process().getVirtualSize();
                    minor = o.process().getMinorFaults();
                    major = o.process().getMajorFaults();
                }
            } catch (RuntimeException | LinkageError e) {
                warnOnce(e);
            }
        }
        // the same figures as the memory budget: the tightest limit, and what counts towards it (the working set)
        CgroupMemory.Reading cgroup = cgroups.read().orElse(null);
        long containerLimit = cgroup == null ? -1 : cgroup.limitBytes();
        double pressure = ContainerMemory.readFile(root.resolve("proc/pressure/memory"))
                .map(Pressure::someAvg10)
                .orElse(-1.0);
        return new SystemMemorySnapshot(total, available, swapTotal, swapUsed, pagesIn, pagesOut, rss, vsz,
                minor, major, containerLimit,
                // without a limit the cgroup is not this process's container (often a whole slice of the machine)
                containerLimit > 0 ? cgroup.workingSetBytes() : -1, pressure, nanoClock.getAsLong());
    }

    private Oshi oshi() {
        Oshi o = oshi;
        if (o != null || oshiFailed) {
            return o;
        }
        synchronized (this) {
            if (oshi == null && !oshiFailed) {
                try {
                    SystemInfo si = new SystemInfo();
                    oshi = new Oshi(si.getHardware().getMemory(), si.getHardware().getMemory().getVirtualMemory(),
                            si.getOperatingSystem().getCurrentProcess());
                } catch (RuntimeException | LinkageError e) {
                    oshiFailed = true;
                    warnOnce(e);
                }
            }
            return oshi;
        }
    }

    private void warnOnce(Throwable e) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("System memory cannot be read on this platform; its values are -1: {}", e.toString());
        }
    }
}
