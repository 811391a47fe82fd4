package io.memorymanager.pool;

import io.memorymanager.Description;

/** An {@link AutoSizing} policy as JMX clients read it (times in milliseconds). */
public record AutoSizeSettings(
        @Description("The lowest MaxSize auto-sizing sets") int floor,
        @Description("The highest MaxSize auto-sizing sets") int ceiling,
        @Description("Mean wait of the borrows that wait above which the pool grows, in milliseconds")
        double targetWaitMillis,
        @Description("How long waits must stay above the target before it grows, in milliseconds") long growAfterMillis,
        @Description("How long most objects must idle before it shrinks, in milliseconds") long shrinkAfterMillis,
        @Description("After a resize, how long before the next, in milliseconds") long calmDownMillis) {

    static AutoSizeSettings of(AutoSizing p) {
        return p == null ? null : new AutoSizeSettings(p.floor(), p.ceiling(), p.targetWait().toNanos() / 1e6,
                p.growAfter().toMillis(), p.shrinkAfter().toMillis(), p.calmDown().toMillis());
    }
}
