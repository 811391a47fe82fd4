package io.memorymanager.spring;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** The {@code memory} health component on Spring Boot 4, whose HealthIndicator moved to spring-boot-health. */
public final class MemoryHealthIndicatorBoot4 implements HealthIndicator {

    private final MemoryHealth health;

    MemoryHealthIndicatorBoot4(MemoryHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        MemoryHealth.Reading r = health.read();
        return Health.status(r.status()).withDetails(r.details()).build();
    }
}
