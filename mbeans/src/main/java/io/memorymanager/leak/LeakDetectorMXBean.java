package io.memorymanager.leak;

import io.memorymanager.Description;
import java.util.List;
import javax.management.MBeanOperationInfo;

/**
 * The live leak verdict: heap floor, threads, classes and direct buffers watched all the time with robust trend
 * statistics; suspect classes from class histograms taken only after suspicion. ObjectName
 * {@code io.memorymanager:type=LeakDetector}. Notifications {@code io.memorymanager.leak.detected},
 * {@code .escalated} and {@code .resolved} carry the finding.
 */
@Description("Continuous leak detection: heap floor, threads, classes and direct buffers judged with Mann-Kendall "
        + "and Theil-Sen over a sliding window; suspect classes from histograms taken only after suspicion. "
        + "Notifications io.memorymanager.leak.detected/.escalated/.resolved")
public interface LeakDetectorMXBean {

    @Description("NONE, INFO, WARNING or CRITICAL: the worst finding")
    Severity getStatus();

    @Description("0-100: a non-leak stays at or below 20, a warning is 50-79, critical 80 and above")
    int getLeakScore();

    @Description("Growth of the heap floor (live set after GC), in bytes per minute; 0 when not growing")
    double getHeapGrowthBytesPerMinute();

    @Description("When the heap floor reaches the maximum heap at its current growth, in seconds; -1 when not growing")
    long getTimeToExhaustionSeconds();

    @Description("One row per signal: kind, severity, score, growth per minute, confidence, since, message, "
            + "recommendation")
    List<Finding> getFindings();

    @Description("Classes growing with the heap floor, application classes first: growth per minute, confidence")
    List<Suspect> getSuspects();

    @Description("What to do about the current findings, specifically")
    List<String> getRecommendations();

    @Description("Whether the detector samples and judges")
    boolean isEnabled();

    @Description("Whether the detector samples and judges")
    void setEnabled(boolean enabled);

    @Description("The sliding window judged, in seconds (60-86400)")
    long getWindowSeconds();

    @Description("The sliding window judged, in seconds (60-86400); shorter finds fast leaks sooner, longer "
            + "rejects slow look-alikes better")
    void setWindowSeconds(long seconds);

    @Description("Time between samples, in milliseconds")
    long getSampleIntervalMillis();

    @Description("Significance level of the trend test (0.0001-0.1, default 0.01): lower cries wolf less, "
            + "finds leaks later")
    double getSignificanceLevel();

    @Description("Significance level of the trend test (0.0001-0.1): lower cries wolf less, finds leaks later")
    void setSignificanceLevel(double alpha);

    @Description("Samples in the window now")
    int getSampleCount();

    @Description(value = "Samples and judges now; returns the findings", impact = MBeanOperationInfo.ACTION_INFO)
    List<Finding> analyzeNow();

    @Description(value = "Forgets all samples, findings and suspects and starts over", impact = MBeanOperationInfo.ACTION)
    void reset();
}
