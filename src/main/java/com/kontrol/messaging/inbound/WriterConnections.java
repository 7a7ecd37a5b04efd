package com.kontrol.messaging.inbound;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@link GroupCommit}'s own connections, one for each writer, beside the application's pool and to the same
 * database: a group stored in one statement ({@link InboundTexts#receiveAndKeep}) does not wait for a connection
 * behind pages and reports, and that statement is planned once per connection instead of once per group.
 *
 * <p>Why the plan: PostgreSQL plans a prepared statement anew for each execution ("custom" plans) until five of them
 * have cost more on average than one plan for any parameters ("generic"); once the generic plan wins, it keeps it.
 * The group statement's arrays hold one to a few texts when traffic is light (and whenever the database is far away,
 * when more writers share the texts), fewer than the generic plan expects, so a connection whose first groups were
 * small planned every later group again: 1.85 ms of the database's time a group instead of 0.68 (bench/README.md,
 * "Issue 39: the group statement planned for each group"). These connections take the generic plan always; the
 * application's pool keeps PostgreSQL's choice, which other statements need (a partial index is only used by a plan
 * that sees the value).
 */
@Component
class WriterConnections implements DisposableBean {

    static final String POOL_NAME = "kontrol-group-commit";
    static final String GENERIC_PLANS = "set plan_cache_mode = force_generic_plan";

    private final HikariDataSource pool;
    private final JdbcClient jdbc;

    WriterConnections(
            DataSource dataSource,
            JdbcClient shared,
            MeterRegistry meters,
            @Value("${kontrol.inbound.writers:1}") int writers)
            throws SQLException {
        var app = dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        if (app == null || app.getJdbcUrl() == null) { // not the pool Spring Boot and Kontrol set up from a URL
            this.pool = null;
            this.jdbc = shared;
            return;
        }
        var config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setJdbcUrl(app.getJdbcUrl());
        config.setUsername(app.getUsername());
        config.setPassword(app.getPassword());
        if (app.getDriverClassName() != null) {
            config.setDriverClassName(app.getDriverClassName());
        }
        app.getDataSourceProperties().forEach((key, value) -> config.addDataSourceProperty((String) key, value));
        config.setConnectionTimeout(app.getConnectionTimeout());
        config.setValidationTimeout(app.getValidationTimeout());
        config.setMaxLifetime(app.getMaxLifetime());
        config.setKeepaliveTime(app.getKeepaliveTime());
        config.setConnectionInitSql(
                app.getConnectionInitSql() == null ? GENERIC_PLANS : app.getConnectionInitSql() + "; " + GENERIC_PLANS);
        config.setMaximumPoolSize(Math.max(1, writers)); // fewer: GroupCommit says why it will not start
        config.setMinimumIdle(0); // none while nothing arrives; a writer's first group opens its connection
        config.setInitializationFailTimeout(-1); // the application's pool has checked the database already
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        this.pool = new HikariDataSource(config);
        this.jdbc = JdbcClient.create(pool);
    }

    /** Statements on the writers' connections, each committing on its own. */
    JdbcClient jdbc() {
        return jdbc;
    }

    @Override
    public void destroy() {
        if (pool != null) {
            pool.close();
        }
    }
}
