package io.memorymanager.optimize;

import java.util.List;

/**
 * What one optimizer operation did: heap used before and after, per memory pool, and what each step released.
 *
 * @param freedBytes heap used before minus after (negative when the application allocated more meanwhile)
 * @param freedPercent freedBytes as a percentage of heap used before
 * @param message one line for a person: what ran and how, and anything to know about the figures
 */
public record OptimizationReport(String operation, long startedMillis, long durationMillis, long heapUsedBeforeBytes,
        long heapUsedAfterBytes, long freedBytes, double freedPercent, List<PoolUsageChange> pools,
        List<OptimizationStep> steps, String message) {

    /** One memory pool's usage before and after. */
    public record PoolUsageChange(String pool, long usedBeforeBytes, long usedAfterBytes) {
    }

    /**
     * One step of an operation.
     *
     * @param releasedBytes bytes the step released by its own estimate, -1 when unknown
     */
    public record OptimizationStep(String step, long releasedBytes, String detail) {
    }
}
