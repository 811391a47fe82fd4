package io.memorymanager.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.memorymanager.MemoryManager;
import io.memorymanager.MemoryManagerConfig;
import io.memorymanager.bridge.JolokiaBridge;
import io.memorymanager.micrometer.MemoryManagerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MemoryManagerAutoConfigurationTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemoryManagerAutoConfiguration.class,
                    MemoryManagerMetricsAutoConfiguration.class, MemoryHealthAutoConfiguration.class,
                    MemoryManagerJolokiaAutoConfiguration.class));

    @AfterEach
    void nothingLeftRegistered() {
        assertThat(SERVER.isRegistered(MemoryManager.HEALTH)).as("the context's close closed what it installed")
                .isFalse();
    }

    @Test
    void installsOnceWithMetersAndAMemoryHealthComponent() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(MemoryManagerInstallation.class).hasSingleBean(MemoryManagerMetrics.class)
                    .hasBean("memoryHealthIndicator");
            MemoryManagerInstallation installation = context.getBean(MemoryManagerInstallation.class);
            assertThat(installation.reused()).isFalse();
            assertThat(SERVER.isRegistered(MemoryManager.HEALTH)).isTrue();
            MemoryManager mm = installation.installed().orElseThrow();

            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(MemoryManagerMetrics.class).bindTo(registry);
            assertThat(registry.get("memorymanager.heap.max").gauge().value())
                    .isEqualTo((double) mm.jvmMemory().getHeapMaxBytes());

            Health health = context.getBean("memoryHealthIndicator", MemoryHealthIndicatorBoot3.class).health();
            assertThat(health.getStatus().getCode()).isEqualTo(mm.health().getStatus().name());
            assertThat(health.getDetails()).containsEntry("reasons", mm.health().getReasons());
        });
    }

    @Test
    void propertiesSetThresholdsTheLeakWindowAndBreakers() {
        runner.withPropertyValues("memory-manager.monitor.system.warning-percent=1",
                        "memory-manager.monitor.system.critical-percent=99.5", "memory-manager.leak.window=30m",
                        "memory-manager.breakers.uploads.limit-percent=85").run(context -> {
            MemoryManager mm = context.getBean(MemoryManagerInstallation.class).installed().orElseThrow();
            assertThat(mm.monitor().getSystemWarningPercent()).isEqualTo(1);
            assertThat(mm.monitor().getSystemCriticalPercent()).isEqualTo(99.5);
            assertThat(mm.monitor().getHeapAfterGcWarningPercent()).as("left out: the default").isEqualTo(80);
            assertThat(mm.leakDetector().getWindowSeconds()).isEqualTo(1800);
            ObjectName uploads = new ObjectName("io.memorymanager:type=CircuitBreaker,name=uploads");
            assertThat(SERVER.getAttribute(uploads, "LimitPercent")).isEqualTo(85.0);
            // system memory over 1 %: pressure HIGH, so the memory component is DEGRADED, with the reason
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
                Health health = context.getBean("memoryHealthIndicator", MemoryHealthIndicatorBoot3.class).health();
                assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");
                assertThat(health.getDetails().get("reasons").toString()).contains("memory pressure is HIGH");
            });
        });
    }

    @Test
    void aSettingOutOfRangeFailsTheStartWithMemoryManagersMessageAndInstallsNothing() {
        runner.withPropertyValues("memory-manager.monitor.heap-after-gc.warning-percent=150").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("warningPercent must be in (0, 100]");
            assertThat(SERVER.isRegistered(MemoryManager.HEALTH)).isFalse();
        });
        runner.withPropertyValues("memory-manager.breakers.bad.limit-percent=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(SERVER.isRegistered(MemoryManager.HEALTH)).as("the install is undone").isFalse();
        });
    }

    @Test
    void everyPartCanBeSwitchedOff() {
        runner.withPropertyValues("memory-manager.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(MemoryManagerInstallation.class)
                    .doesNotHaveBean(MemoryManagerMetrics.class).doesNotHaveBean("memoryHealthIndicator");
            assertThat(SERVER.isRegistered(MemoryManager.HEALTH)).isFalse();
        });
        runner.withPropertyValues("memory-manager.metrics.enabled=false", "memory-manager.health.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(MemoryManagerInstallation.class)
                        .doesNotHaveBean(MemoryManagerMetrics.class).doesNotHaveBean("memoryHealthIndicator"));
    }

    @Test
    void jolokiaAskedForWithoutTheBridgeFailsTheStartSayingWhatIsMissing() {
        runner.withClassLoader(new FilteredClassLoader("io.memorymanager.bridge"))
                .withPropertyValues("memory-manager.jolokia.enabled=true").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("memory-manager-jolokia-bridge");
                });
    }

    @Test
    void actuatorsOwnSwitchForTheMemoryHealthIndicatorIsHonoured() {
        runner.withPropertyValues("management.health.memory.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("memoryHealthIndicator")
                        .hasSingleBean(MemoryManagerMetrics.class));
    }

    @Test
    void aHealthMBeanThatIsGoneReadsUnknownWithWhyNotDown() {
        MemoryManager owner = MemoryManager.install(MemoryManagerConfig.defaults());
        try {
            runner.run(context -> {
                owner.close();      // whoever installed it closed it first
                Health health = context.getBean("memoryHealthIndicator", MemoryHealthIndicatorBoot3.class).health();
                assertThat(health.getStatus().getCode()).isEqualTo("UNKNOWN");
                assertThat(health.getDetails().get("error").toString()).contains("InstanceNotFoundException")
                        .contains("io.memorymanager:type=Health");
            });
        } finally {
            if (SERVER.isRegistered(MemoryManager.HEALTH)) {
                owner.close();
            }
        }
    }

    @Test
    void withoutMicrometerOrActuatorThoseSimplyAreNotThere() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.actuate"))
                .run(context -> assertThat(context).hasSingleBean(MemoryManagerInstallation.class)
                        .doesNotHaveBean(MemoryManagerMetrics.class).doesNotHaveBean("memoryHealthIndicator"));
    }

    @Test
    void aMemoryManagerAlreadyRunningIsReusedNotInstalledTwiceAndOutlivesTheContext() {
        try (MemoryManager agentLike = MemoryManager.install(MemoryManagerConfig.defaults())) {
            runner.withPropertyValues("memory-manager.breakers.uploads.limit-percent=85").run(context -> {
                MemoryManagerInstallation installation = context.getBean(MemoryManagerInstallation.class);
                assertThat(installation.reused()).isTrue();
                assertThat(installation.installed()).isEmpty();
                assertThat(SERVER.queryNames(new ObjectName("io.memorymanager:type=CircuitBreaker,*"), null))
                        .as("not this application's Memory Manager to configure").isEmpty();
                Health health = context.getBean("memoryHealthIndicator", MemoryHealthIndicatorBoot3.class).health();
                assertThat(health.getStatus().getCode()).isEqualTo(agentLike.health().getStatus().name());
            });
            assertThat(SERVER.isRegistered(MemoryManager.HEALTH)).as("closing the context left it running").isTrue();
        }
    }

    @Test
    void theJolokiaBridgeStartsWhenAskedAndStopsWithTheContext() throws Exception {
        int[] port = new int[1];
        runner.withPropertyValues("memory-manager.jolokia.enabled=true",
                "memory-manager.jolokia.options=host=127.0.0.1,port=0").run(context -> {
            JolokiaBridge bridge = context.getBean("memoryManagerJolokia", JolokiaBridge.class);
            port[0] = bridge.port();
            HttpResponse<String> version = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(bridge.url() + "version")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(version.statusCode()).isEqualTo(200);
            assertThat(version.body()).contains("\"agent\"");
        });
        assertThat(port[0]).isPositive();
        try (java.net.Socket s = new java.net.Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(
                    new java.net.InetSocketAddress("127.0.0.1", port[0]), 1000)).isInstanceOf(java.io.IOException.class);
        }
        runner.withPropertyValues("memory-manager.jolokia.enabled=true", "memory-manager.jolokia.options=port=70000")
                .run(context -> assertThat(context).hasFailed());
    }
}
