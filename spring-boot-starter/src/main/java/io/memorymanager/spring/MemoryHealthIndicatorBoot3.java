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
        Health.Builder b = Health.status(r.status()).withDetail("reasons", r.reasons());
        return (r.error() == null ? b : b.withDetail("error", r.error())).build();
    }
}
