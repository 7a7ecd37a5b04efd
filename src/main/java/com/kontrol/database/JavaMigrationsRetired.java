package com.kontrol.database;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreMigrationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * V14 (search) and V21 (the outbox's index) were Java migrations while Kontrol also ran on H2; they are SQL now, doing
 * on PostgreSQL exactly what the Java ones did there. A database that ran the Java ones has them in its history as
 * {@code JDBC}, which Flyway's validation would refuse against the SQL files (and its repair takes for two different
 * migrations): those two rows get the SQL files' type, script and checksum before migrating, nothing else changes.
 */
@Component
class JavaMigrationsRetired implements FlywayMigrationStrategy {

    private static final Logger log = LoggerFactory.getLogger(JavaMigrationsRetired.class);

    @Override
    public void migrate(Flyway flyway) {
        if (ranJavaMigrations(flyway)) {
            log.info("Realigning V14 and V21 in the migration history: Java migrations then, the same SQL now");
            realign(flyway);
        }
        flyway.migrate();
    }

    private static void realign(Flyway flyway) {
        var jdbc = JdbcClient.create(flyway.getConfiguration().getDataSource());
        var table = flyway.getConfiguration().getTable();
        for (var info : flyway.info().all()) {
            var version = info.getVersion() == null ? null : info.getVersion().getVersion();
            if (info.getType() == CoreMigrationType.SQL && ("14".equals(version) || "21".equals(version))) {
                jdbc.sql("update " + table + " set type = 'SQL', script = :script, checksum = :checksum"
                                + " where version = :version and type = 'JDBC'")
                        .param("script", info.getScript())
                        .param("checksum", info.getChecksum())
                        .param("version", version)
                        .update();
            }
        }
    }

    private static boolean ranJavaMigrations(Flyway flyway) {
        var jdbc = JdbcClient.create(flyway.getConfiguration().getDataSource());
        var table = flyway.getConfiguration().getTable();
        boolean exists = jdbc.sql("select count(*) from information_schema.tables where table_name = :table")
                        .param("table", table)
                        .query(Long.class)
                        .single()
                > 0;
        return exists
                && jdbc.sql("select count(*) from " + table + " where type = 'JDBC' and version in ('14', '21')")
                                .query(Long.class)
                                .single()
                        > 0;
    }
}
