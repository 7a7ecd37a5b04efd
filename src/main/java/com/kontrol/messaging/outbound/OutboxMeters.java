package com.kontrol.messaging.outbound;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far behind the outbox is, read from the table at each scrape (every instance reports the same shared queue):
 * {@code kontrol.outbox.depth}, the texts queued and not yet accepted, and {@code kontrol.outbox.oldest.age.seconds},
 * how long the oldest of them has waited (0 when none does). An oldest age that only grows means nothing is sending.
 */
@Component
class OutboxMeters implements MeterBinder {

    private static final Duration FRESH = Duration.ofSeconds(1); // one query for both gauges of one scrape

    private record Reading(long at, long depth, double oldestSeconds) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile Reading last; // null until the first scrape

    OutboxMeters(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("kontrol.outbox.depth", this, m -> m.read().depth())
                .description("Texts in the outbox, queued and not yet accepted by the provider")
                .register(registry);
        Gauge.builder("kontrol.outbox.oldest.age", this, m -> m.read().oldestSeconds())
                .description("How long the oldest queued text has waited")
                .baseUnit("seconds")
                .register(registry);
    }

    // The same rows the worker takes (SendAttempts.DUE without its due-time test): queued outbound texts with no SID.
    private static final String QUEUED = """
            select count(*) as depth, min(created_at) as oldest
            from messages
            where status = 'queued' and direction = 'outbound' and sid is null
            """;

    private Reading read() {
        long now = System.nanoTime();
        var reading = last;
        if (reading != null && now - reading.at() < FRESH.toNanos()) {
            return reading;
        }
        reading = jdbc.sql(QUEUED)
                .query((rs, n) -> {
                    var oldest = rs.getObject("oldest", OffsetDateTime.class);
                    double age = oldest == null
                            ? 0
                            : Math.max(
                                    0,
                                    Duration.between(oldest, OffsetDateTime.now(clock))
                                                    .toMillis()
                                            / 1000.0);
                    return new Reading(now, rs.getLong("depth"), age);
                })
                .single();
        last = reading;
        return reading;
    }
}
