package com.acme.plugins.impl;

import com.acme.plugins.Rule;

/**
 * The deployed pricing plugin: three classes (this, {@link Tier}, {@link Config}) per deployment, and a 16 KB
 * lookup table. Loaded only by a {@code PluginClassLoader}.
 */
public final class DiscountRule implements Rule {

    /** Customer tiers and their discount in percent. */
    enum Tier {
        BRONZE(0), SILVER(5), GOLD(10);

        final int percent;

        Tier(int percent) {
            this.percent = percent;
        }
    }

    /** The deployment's settings. */
    static final class Config {
        final long deployedAtMillis = System.currentTimeMillis();
        final byte[] table = new byte[16 * 1024];
    }

    private final Config config = new Config();
    private final Tier[] tiers = Tier.values();

    @Override
    public long apply(long cents) {
        Tier tier = tiers[(int) (cents % tiers.length)];
        config.table[(int) (cents % config.table.length)]++;
        return cents - cents * tier.percent / 100;
    }

    @Override
    public String version() {
        return "discount-" + config.deployedAtMillis;
    }
}
