package io.memorymanager.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginsTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private Logins logins;

    @BeforeEach
    void setUp(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users");
        Files.writeString(users, PasswordFile.line("alice", "right") + "\n");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
        logins = new Logins(PasswordFile.load(users), now::get);
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            logins.reserve();
            assertThat(logins.check("alice", "wrong" + i, "Basic w" + i)).isFalse();
        }
    }

    @Test
    void theFirstAttemptsOfAMinuteRunAtOnceThenEachWaitsForItsOwnSlot() {
        fail(Logins.FREE_ATTEMPTS);
        assertThat(logins.reserve()).isEqualTo(Logins.SPACING_MILLIS);
        assertThat(logins.reserve()).isEqualTo(2 * Logins.SPACING_MILLIS);
        assertThat(logins.reserve()).isEqualTo(3 * Logins.SPACING_MILLIS);
    }

    @Test
    void attemptsInFlightCountSoParallelGuessesCannotAllPassTheBucket() {
        for (int i = 0; i < Logins.FREE_ATTEMPTS; i++) {
            assertThat(logins.reserve()).as("attempt %d", i).isZero();
        }
        assertThat(logins.reserve()).as("the 11th, before any failure is known").isPositive();
    }

    @Test
    void theRightPasswordPassesAfterManyFailuresAndIsRememberedWithoutHashing() {
        fail(Logins.FREE_ATTEMPTS + 5);
        assertThat(logins.reserve()).isPositive();
        assertThat(logins.check("alice", "right", "Basic ok")).isTrue();
        assertThat(logins.remembered("Basic ok")).isTrue();
        assertThat(logins.remembered("Basic w1")).isFalse();
        now.addAndGet(61_000);
        assertThat(logins.remembered("Basic ok")).as("for a minute").isFalse();
    }

    @Test
    void aQueueTooLongIsRefusedAndFailuresAgeOutAfterAMinute() {
        fail(Logins.FREE_ATTEMPTS);
        long delay = 0;
        int queued = -1;
        while (delay >= 0) {
            delay = logins.reserve();
            queued++;
        }
        assertThat(delay).isEqualTo(-1);
        assertThat(queued).isEqualTo((int) (Logins.MAX_DELAY_MILLIS / Logins.SPACING_MILLIS));
        for (int i = 0; i < queued; i++) {
            logins.abandon();
        }
        now.addAndGet(Logins.MAX_DELAY_MILLIS + 61_000);
        assertThat(logins.reserve()).isZero();
    }
}
