package io.memorymanager.monitor;

import io.memorymanager.Description;
import java.util.List;
import javax.management.MBeanOperationInfo;

/**
 * The memory monitor: samples system and JVM memory on one daemon thread, keeps a bounded history, and sends
 * {@code io.memorymanager.memory.warning}, {@code .critical} and {@code .recovered} notifications when a
 * watched value crosses a threshold. ObjectName {@code io.memorymanager:type=Monitor}.
 */
@Description("Samples system and JVM memory, keeps a bounded history and sends notifications "
        + "(io.memorymanager.memory.warning/.critical/.recovered) when heap after GC, system or container memory "
        + "crosses a threshold.")
public interface MonitorMXBean {

    /**
     * The shortest {@code SampleIntervalMillis} a client may set. A sample costs about 3 ms of CPU (OS and JVM
     * reads, history, thresholds): at 250 ms that is about 1% of a core, at the 10 ms the start-up settings allow
     * it was half a core, which no unauthenticated write may cost. Start-up settings ({@link MonitorSettings})
     * still go down to {@link MonitorSettings#MIN_INTERVAL}: the application chooses those itself.
     */
    long MIN_SAMPLE_INTERVAL_MILLIS = 250;

    @Description("Time between samples, in milliseconds; can be set from " + MIN_SAMPLE_INTERVAL_MILLIS
            + " (about 1% of a core) to 3600000")
    long getSampleIntervalMillis();

    @Description("Time between samples, in milliseconds (" + MIN_SAMPLE_INTERVAL_MILLIS + "-3600000; shorter "
            + "costs more than 1% of a core)")
    void setSampleIntervalMillis(long millis);

    @Description("How many samples History keeps")
    int getHistorySize();

    @Description("The last samples, oldest first: timestamp, heap used, old gen after GC, system used %, "
            + "container used %, allocation rate, GC overhead, threads, pressure level")
    List<Sample> getHistory();

    @Description("The most recent sample, or null before the first")
    Sample getLastSample();

    @Description("Samples taken since the monitor started")
    long getSampleCount();

    @Description("How close this JVM is to running out of memory: NORMAL, ELEVATED, HIGH (a warning threshold "
            + "passed) or CRITICAL (a critical threshold passed)")
    PressureLevel getPressureLevel();

    @Description("What set PressureLevel at the last sample, with its value and thresholds (e.g. \"Heap after GC at "
            + "91.2% (warning 85.0%, critical 95.0%)\"); empty at NORMAL")
    String getPressureCause();

    @Description("Warning threshold for the live heap after GC, in percent of the maximum heap")
    double getHeapAfterGcWarningPercent();

    @Description("Warning threshold for the live heap after GC, in percent of the maximum heap; "
            + "must be in (0,100] and below the critical threshold")
    void setHeapAfterGcWarningPercent(double percent);

    @Description("Critical threshold for the live heap after GC, in percent of the maximum heap")
    double getHeapAfterGcCriticalPercent();

    @Description("Critical threshold for the live heap after GC, in percent of the maximum heap; "
            + "must be in (0,100] and above the warning threshold")
    void setHeapAfterGcCriticalPercent(double percent);

    @Description("Warning threshold for system memory in use, in percent")
    double getSystemWarningPercent();

    @Description("Warning threshold for system memory in use, in percent; in (0,100], below the critical one")
    void setSystemWarningPercent(double percent);

    @Description("Critical threshold for system memory in use, in percent")
    double getSystemCriticalPercent();

    @Description("Critical threshold for system memory in use, in percent; in (0,100], above the warning one")
    void setSystemCriticalPercent(double percent);

    @Description("Warning threshold for container (cgroup) memory, in percent of its limit")
    double getContainerWarningPercent();

    @Description("Warning threshold for container memory, in percent of its limit; in (0,100], below critical")
    void setContainerWarningPercent(double percent);

    @Description("Critical threshold for container (cgroup) memory, in percent of its limit")
    double getContainerCriticalPercent();

    @Description("Critical threshold for container memory, in percent of its limit; in (0,100], above warning")
    void setContainerCriticalPercent(double percent);

    @Description("How many percentage points a value must fall below a threshold to count as back under it")
    double getHysteresisPercent();

    @Description("How many percentage points a value must fall below a threshold to count as back under it (0-50)")
    void setHysteresisPercent(double points);

    @Description(value = "Takes a sample now, checks the thresholds and returns the sample",
            impact = MBeanOperationInfo.ACTION_INFO)
    Sample sampleNow();

    @Description(value = "Sets both thresholds of one metric at once (so they can move past each other); "
            + "an invalid pair is refused and changes nothing", impact = MBeanOperationInfo.ACTION)
    void setThresholds(
            @Description(name = "metric", value = "heapAfterGc, system or container") String metric,
            @Description(name = "warningPercent", value = "warning level in percent, in (0,100]") double warning,
            @Description(name = "criticalPercent", value = "critical level in percent, above the warning level")
            double critical);
}
