package io.memorymanager.budget;

import io.memorymanager.Description;
import java.util.List;
import javax.management.MBeanOperationInfo;

/**
 * The whole process against its memory limit: where its memory goes, how much room is left, and what it may grow
 * to. ObjectName {@code io.memorymanager:type=MemoryBudget}. Values that cannot be read here are -1.
 */
@Description("The whole process against its memory limit (the container's cgroup limit, else physical memory): "
        + "where its memory goes, the room left, what it may grow to, and what to change")
public interface MemoryBudgetMXBean {

    @Description("The limit the process lives under, in bytes: the cgroup's memory limit, else physical memory")
    long getLimitBytes();

    @Description("Where LimitBytes comes from: the cgroup file that sets it, or physical memory")
    String getLimitSource();

    @Description("Resident set size of the process, in bytes")
    long getResidentBytes();

    @Description("What the kernel charges the process's cgroup (memory.current, memory.usage_in_bytes), page cache "
            + "included, in bytes; -1 outside a cgroup")
    long getCgroupUsageBytes();

    @Description("Anonymous memory of the cgroup (heap, stacks, malloc; memory.stat anon / total_rss), in bytes")
    long getCgroupAnonBytes();

    @Description("Page cache charged to the cgroup (memory.stat file / total_cache), in bytes")
    long getCgroupFileBytes();

    @Description("What counts towards the limit, in bytes: in a cgroup its charge minus the inactive page cache "
            + "the kernel reclaims first (the working set), else the resident set")
    long getCountedBytes();

    @Description("Which figure CountedBytes is, and why it is the one that counts")
    String getCountedSource();

    @Description("One row per part (Java heap, metaspace, compressed class space, code cache, thread stacks, direct "
            + "and mapped buffers, GC, symbols, other native, unaccounted): used, committed and max bytes, "
            + "and where each figure comes from")
    List<BudgetComponent> getComponents();

    @Description("Whether the native rows come from Native Memory Tracking (-XX:NativeMemoryTracking=summary) "
            + "rather than estimates")
    boolean isNativeMemoryTracking();

    @Description("Room left: LimitBytes minus CountedBytes, in bytes")
    long getHeadroomBytes();

    @Description("Room left, in percent of LimitBytes (0-100)")
    double getHeadroomPercent();

    @Description("What the process may grow to if every bounded part reaches its maximum (heap max, metaspace "
            + "max or committed, code cache max, direct memory max, thread stacks, native), in bytes")
    long getWorstCaseBytes();

    @Description("How far WorstCaseBytes exceeds LimitBytes, in bytes; 0 when it fits")
    long getOvercommitBytes();

    @Description("NORMAL, WARNING (headroom under HeadroomWarningPercent, or the limit predicted within an hour) "
            + "or CRITICAL (under HeadroomCriticalPercent, or within 15 minutes); only a cgroup limit is watched")
    BudgetLevel getLevel();

    @Description("When what counts reaches the limit at its trend over the leak detector's window (10 minutes by "
            + "default), in seconds, judged as "
            + "the leak detector judges the heap floor (a sawtooth or a one-time step is no trend); -1 when no "
            + "sustained rise, or no cgroup limit")
    long getTimeToLimitSeconds();

    @Description("Headroom in percent of the limit under which Level is WARNING (default 10)")
    double getHeadroomWarningPercent();

    @Description("Headroom in percent of the limit under which Level is CRITICAL (default 5)")
    double getHeadroomCriticalPercent();

    @Description(value = "Sets both headroom thresholds (0 < critical < warning < 100); an invalid pair is refused "
            + "and changes nothing", impact = MBeanOperationInfo.ACTION)
    void setHeadroomThresholds(@Description(value = "percent of the limit for WARNING", name = "warningPercent")
            double warning, @Description(value = "percent of the limit for CRITICAL", name = "criticalPercent")
            double critical);

    @Description("The last-chance actions run on the way into CRITICAL (agent option budgetActions), newest last, "
            + "each with when it ran and what it did or why not")
    List<String> getLastActions();

    @Description("What to change for this process, with its numbers (a heap that cannot fit with its non-heap, "
            + "unbounded direct memory or metaspace, thread stacks that reserve much)")
    List<String> getRecommendations();
}
