package io.memorymanager.leak;

import static org.assertj.core.api.Assertions.assertThat;

import io.memorymanager.jvm.JvmMemory;
import io.memorymanager.profile.Profiler;
import io.memorymanager.profile.ProfilerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakSourcesTest {

    @Test
    void thisJvmsThreadGroupsAreNamesWithEachRunOfAsciiDigitsAsOneHashAndItsThreadCountLeavesOutOurOwn(
            @TempDir Path out) throws InterruptedException {
        // names a regex would group the same way: \d (without UNICODE_CHARACTER_CLASS) is ASCII only
        List<String> names = List.of("lst-pool-12-thread-3", "lst-pool-7-thread-41", "lst-7worker", "lst-a1b22c333",
                "lst-Thread-\u0663", "lst-x0y", "lst--", "lst-9-9-9", "lst-plain", "memory-manager-lst-1");
        CountDownLatch done = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (String name : names) {
            Thread t = new Thread(() -> {
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, name);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        LeakSources sources = LeakSources.platform(new JvmMemory(),
                new Profiler(ProfilerSettings.defaults().withOutputDirectory(out.resolve("mm"))));
        try {
            Map<String, Integer> groups = sources.threadGroups();
            assertThat(groups).containsEntry("lst-pool-#-thread-#", 2).containsEntry("lst-#worker", 1)
                    .containsEntry("lst-a#b#c#", 1).containsEntry("lst-Thread-\u0663", 1).containsEntry("lst-x#y", 1)
                    .containsEntry("lst--", 1).containsEntry("lst-#-#-#", 1).containsEntry("lst-plain", 1);
            for (String name : names.subList(0, names.size() - 1)) {
                assertThat(groups).as(name).containsKey(name.replaceAll("\\d+", "#"));
            }
            assertThat(groups.keySet()).noneMatch(g -> g.startsWith("memory-manager"));
            int mine = groups.entrySet().stream().filter(e -> e.getKey().startsWith("lst-"))
                    .mapToInt(Map.Entry::getValue).sum();
            assertThat(mine).isEqualTo(names.size() - 1);
            // the count is of the threads the groups hold: read while the JVM's threads stay the same around it
            for (int attempt = 0;; attempt++) {
                Map<String, Integer> before = sources.threadGroups();
                int count = sources.threadCount();
                if (before.equals(sources.threadGroups()) || attempt == 20) {
                    assertThat(count).isEqualTo(before.values().stream().mapToInt(Integer::intValue).sum());
                    break;
                }
            }
        } finally {
            done.countDown();
            for (Thread t : threads) {
                t.join();
            }
            sources.close();
        }
    }
}
