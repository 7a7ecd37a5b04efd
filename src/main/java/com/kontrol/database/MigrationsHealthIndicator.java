package com.kontrol.database;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code migrations} part of readiness: the database holds the newest migration this build carries. An instance
 * started against a database restored from an older backup, or with Flyway switched off, is not ready for traffic. Once
 * seen, a database that stops answering keeps the instance ready: webhooks go to the outage spool meanwhile, and the
 * {@code spool} part of readiness tells.
 */
@Component
class MigrationsHealthIndicator extends AbstractHealthIndicator {

    private final Flyway flyway;
    private final JdbcClient jdbc;
    private volatile String newest;
    private volatile boolean seen;

    MigrationsHealthIndicator(Flyway flyway, JdbcClient jdbc) {
        super("Cannot read the migration history");
        this.flyway = flyway;
        this.jdbc = jdbc;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        var expected = newest();
        long applied;
        try {
            applied = jdbc.sql("select count(*) from "
                            + flyway.getConfiguration().getTable() + " where success and version = :version")
                    .param("version", expected)
                    .query(Long.class)
                    .single();
        } catch (DataAccessException e) {
            if (!seen) {
                throw e;
            }
            builder.up().withDetail("expected", expected).withDetail("database", "away; its migrations were seen");
            return;
        }
        seen = applied == 1;
        (seen ? builder.up() : builder.down()).withDetail("expected", expected);
    }

    /** Looked at once as the instance starts, so that an outage soon after finds its migrations seen. */
    @EventListener(ApplicationReadyEvent.class)
    void lookAtStart() {
        health();
    }

    private String newest() {
        if (newest == null) {
            var all = flyway.info().all();
            MigrationInfo last = all[all.length - 1];
            newest = last.getVersion().getVersion();
        }
        return newest;
    }
}
