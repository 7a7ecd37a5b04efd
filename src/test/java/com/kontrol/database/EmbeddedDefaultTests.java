package com.kontrol.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.Kontrol;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Kontrol started as a newcomer starts it, with no database configured, on a fresh data dir: it runs on a PostgreSQL
 * of its own in the data dir, migrated as production is, with the demo customers a first look needs.
 */
@SpringBootTest
@TestPropertySource(properties = {"spring.datasource.url=", "kontrol.demo-data="}) // neither set: the defaults
class EmbeddedDefaultTests {

    @Autowired
    JdbcClient jdbc;

    @Value("${kontrol.data-dir}")
    Path dataDir;

    @Test
    void withNoDatabaseConfiguredKontrolRunsOnItsOwnPostgresqlInTheDataDir() {
        assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL 17");
        assertThat(jdbc.sql("select current_database()").query(String.class).single())
                .isEqualTo("kontrol");
        assertThat(Files.exists(dataDir.resolve("postgres/data/PG_VERSION"))).isTrue();
        assertThat(jdbc.sql("select count(*) from flyway_schema_history where not success")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("show fsync").query(String.class).single()).isEqualTo("on");
        assertThat(jdbc.sql("select count(*) from customers where name = 'Maria Gonzalez'")
                        .query(Long.class)
                        .single())
                .as("demo data")
                .isEqualTo(1);
    }

    @Test
    void aDatasourceUrlThatStillNamesH2StopsTheStartSayingWhatToDo() {
        var start = new SpringApplicationBuilder(Kontrol.class);
        Assertions.assertThatThrownBy(() -> start.run(
                        "--kontrol.test.second-instance=true", // TestDatabase: no database of its own for this one
                        "--spring.datasource.url=jdbc:h2:file:" + dataDir + "/other",
                        "--server.port=0"))
                .hasStackTraceContaining("names an H2 database, which Kontrol no longer runs on");
    }
}
