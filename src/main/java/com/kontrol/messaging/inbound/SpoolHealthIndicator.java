package com.kontrol.messaging.inbound;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code spool} part of readiness: up while the outage spool is empty; {@code DEGRADED} (still ready: webhooks are
 * answered from the spool) while it holds what the database could not take, with its depth; down once it is full,
 * when webhooks are refused.
 */
@Component("spool")
class SpoolHealthIndicator extends AbstractHealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "the database is away or catching up: webhooks are spooled");

    private final IntakeSpool spool;

    SpoolHealthIndicator(IntakeSpool spool) {
        this.spool = spool;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (spool.isFull()) {
            builder.down().withDetail("depth", spool.depth()).withDetail("full", true);
        } else if (spool.isHolding()) {
            builder.status(DEGRADED).withDetail("depth", spool.depth());
        } else {
            builder.up().withDetail("depth", 0);
        }
    }
}
