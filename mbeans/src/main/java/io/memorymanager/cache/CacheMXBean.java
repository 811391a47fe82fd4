package io.memorymanager.cache;

import io.memorymanager.Description;
import javax.management.MBeanOperationInfo;

/** One managed cache. ObjectName {@code io.memorymanager:type=Cache,name=<name>}. */
@Description("A cache the application registered with Memory Manager: its size and, where the cache can tell, "
        + "bytes and hit/miss counts; clear and trim it to release memory")
public interface CacheMXBean {

    @Description("The cache's name")
    String getName();

    @Description("Entries now")
    long getSize();

    @Description("Bytes the entries hold, estimated by the cache; -1 when it cannot tell")
    long getEstimatedBytes();

    @Description("Lookups that found an entry; -1 when the cache does not count them")
    long getHitCount();

    @Description("Lookups that found nothing; -1 when the cache does not count them")
    long getMissCount();

    @Description("HitCount / (HitCount + MissCount), 0-1; -1 when unknown or before the first lookup")
    double getHitRatio();

    @Description("Times the cache was cleared through Memory Manager (operator, reaction, optimizer or breaker)")
    long getClearCount();

    @Description("Times the cache was trimmed through Memory Manager")
    long getTrimCount();

    @Description(value = "Removes every entry; returns size and estimated bytes before and after",
            impact = MBeanOperationInfo.ACTION_INFO)
    CacheChange clear();

    @Description(value = "Removes about this percentage of the entries (the least valuable first where the cache "
            + "knows which); returns size and estimated bytes before and after", impact = MBeanOperationInfo.ACTION_INFO)
    CacheChange trim(@Description(name = "percent", value = "1-100") int percent);
}
