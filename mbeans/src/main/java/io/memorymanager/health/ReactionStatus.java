package io.memorymanager.health;

/**
 * One registered pressure reaction.
 *
 * @param lastRunMillis when it last ran (epoch milliseconds), -1 never
 * @param lastError how its last run failed, empty when it succeeded or never ran
 */
public record ReactionStatus(String name, String level, long runCount, long lastRunMillis, long failureCount,
        String lastError) {
}
