package io.memorymanager.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The breaker in a real 64 MB JVM: it refuses before the heap runs out, and resets once memory is let go. */
class CircuitBreakerChildJvmTest {

    @Test
    @Tag("gc")
    void breakerRefusesBeforeOutOfMemoryAndResetsWhenMemoryIsReleased() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"), BreakerChildApp.class.getName()))
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("OutOfMemoryError").contains("refused after").contains("would pass the limit")
                .contains("reset; trips 1");
        assertThat(p.exitValue()).as(out).isZero();
    }
}
