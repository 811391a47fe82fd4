package io.memorymanager.samples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot service with the Memory Manager starter: Actuator's {@code /actuator/health} has a {@code memory}
 * component and {@code /actuator/prometheus} the {@code memorymanager_*} meters. {@code POST /leak/start} leaks as
 * the demo does (four 64 KiB sessions a second into a static registry) until {@code POST /leak/stop};
 * {@code --demo.leak=true} starts leaking at once.
 */
@SpringBootApplication
public class MemoryDemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(MemoryDemoApplication.class, args);
    }
}
