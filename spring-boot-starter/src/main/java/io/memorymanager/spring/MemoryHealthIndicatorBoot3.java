package io.memorymanager.spring;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** The {@code memory} health component on Spring Boot 3. */
public final class MemoryHealthIndicatorBoot3 implements HealthIndicator {

    private final MemoryHealth health;

    MemoryHealthIndicatorBoot3(MemoryHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        MemoryHealth.Reading r = health.read();
        return Health.status(r.status()).withDetails(r.details()).build();
    }
}
