package io.memorymanager.leak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeakSourcesTest {

    @Test
    void aThreadsGroupIsItsNameWithEachRunOfDigitsAsOneHash() {
        assertThat(LeakSources.group("pool-12-thread-3")).isEqualTo("pool-#-thread-#");
        assertThat(LeakSources.group("main")).isEqualTo("main");
        assertThat(LeakSources.group("42")).isEqualTo("#");
        assertThat(LeakSources.group("7worker")).isEqualTo("#worker");
        assertThat(LeakSources.group("a1b22c333")).isEqualTo("a#b#c#");
        assertThat(LeakSources.group("")).isEqualTo("");
        // only ASCII digits, as the regex \d (without UNICODE_CHARACTER_CLASS) reads them
        for (String name : List.of("http-nio-8080-exec-10", "ForkJoinPool.commonPool-worker-3", "Thread-٣", "x0y",
                "C2 CompilerThread0", "--", "9-9-9", "kafka-request-handler-7")) {
            assertThat(LeakSources.group(name)).as(name).isEqualTo(name.replaceAll("\\d+", "#"));
        }
    }
}
