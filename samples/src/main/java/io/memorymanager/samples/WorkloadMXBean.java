package io.memorymanager.samples;

import io.memorymanager.Description;
import javax.management.MBeanOperationInfo;

/** The demo's workload, steerable from JMX, Jolokia and Hawtio. */
@Description("The demo workload: churns garbage, keeps a breathing cache, and can leak on request")
public interface WorkloadMXBean {

    @Description("Whether the workload leaks: user sessions of 64 KiB, four a second, kept in a static registry "
            + "and never removed")
    boolean isLeaking();

    @Description("Bytes the leak holds now")
    long getLeakedBytes();

    @Description("Bytes the breathing cache holds now (grows and shrinks in a one-minute wave)")
    long getCacheBytes();

    @Description(value = "Starts leaking: four 64 KiB user sessions a second into SessionRegistry.SESSIONS",
            impact = MBeanOperationInfo.ACTION)
    void startLeak();

    @Description(value = "Stops leaking and removes the leaked sessions; returns the bytes their carts held",
            impact = MBeanOperationInfo.ACTION)
    long stopLeak();
}
