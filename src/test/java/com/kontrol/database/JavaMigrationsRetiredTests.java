package com.kontrol.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A database that ran V14 and V21 as the Java migrations they were until issue 40 starts on this version: its history
 * is realigned with the SQL files, nothing is run twice, and the later migrations follow.
 */
class JavaMigrationsRetiredTests {

    @Test
    void aDatabaseThatRanTheJavaMigrationsIsRealignedAndMigrated() {
        var dataSource = TestDatabase.newDataSource();
        var jdbc = JdbcClient.create(dataSource);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .target("37")
                .load()
                .migrate();
        // As the Java migrations left their rows
        jdbc.sql("""
                        update flyway_schema_history set type = 'JDBC', checksum = null,
                            script = 'db.migration.V' || version || '__' || replace(description, ' ', '_')
                        where version in ('14', '21')
                        """).update();
        var flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
        assertThat(flyway.validateWithResult().validationSuccessful)
                .as("without the realignment Flyway refuses to start")
                .isFalse();

        new JavaMigrationsRetired().migrate(flyway);

        assertThat(jdbc.sql("select type from flyway_schema_history where version in ('14', '21')")
                        .query(String.class)
                        .list())
                .containsOnly("SQL");
        assertThat(jdbc.sql("select count(*) from flyway_schema_history where version = '38'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    }
}
