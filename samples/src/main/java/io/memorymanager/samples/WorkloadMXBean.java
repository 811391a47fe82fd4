package io.memorymanager.samples;

import io.memorymanager.Description;
import javax.management.MBeanOperationInfo;

/** The demo's workload, steerable from JMX, Jolokia and Hawtio. */
@Description("The demo workload: churns garbage, keeps a breathing cache, and can leak on request")
public interface WorkloadMXBean {

    @Description("Whether the workload leaks: keeps 256 KiB a second it never frees")
    boolean isLeaking();

    @Description("Bytes the leak holds now")
    long getLeakedBytes();

    @Description("Bytes the breathing cache holds now (grows and shrinks in a one-minute wave)")
    long getCacheBytes();

    @Description(value = "Starts leaking 256 KiB a second", impact = MBeanOperationInfo.ACTION)
    void startLeak();

    @Description(value = "Stops leaking and frees what the leak held; returns the bytes freed",
            impact = MBeanOperationInfo.ACTION)
    long stopLeak();
}
