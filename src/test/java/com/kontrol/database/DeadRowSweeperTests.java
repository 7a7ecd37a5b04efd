package com.kontrol.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A small table whose rows change many times over (as {@code conversations} under a stream of texts) is vacuumed as
 * soon as its dead row versions pile up; a table with a few dead rows is left to autovacuum. On a database of its own,
 * outside the application.
 */
class DeadRowSweeperTests {

    JdbcClient jdbc;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DeadRowSweeper sweeper;

    @BeforeEach
    void tablesOfFewRows() {
        jdbc = JdbcClient.create(TestDatabase.newDataSource());
        sweeper = new DeadRowSweeper(jdbc, registry);
        for (var table : new String[] {"hot", "calm"}) {
            // An index on the changing column, as the inbox's views: no update can be made in place.
            jdbc.sql("create table " + table + " (id int primary key, changed_at bigint not null)")
                    .update();
            jdbc.sql("create index " + table + "_changed on " + table + " (changed_at)")
                    .update();
            jdbc.sql("insert into " + table + " select g, 0 from generate_series(1, 10) g")
                    .update();
        }
    }

    @Test
    void aSmallTableWithThousandsOfDeadRowVersionsIsVacuumedAndOneWithAFewIsNot() {
        jdbc.sql("""
                        do $$ begin
                          for i in 1..300 loop update hot set changed_at = changed_at + 1; end loop;
                          for i in 1..20 loop update calm set changed_at = changed_at + 1; end loop;
                        end $$
                        """).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> dead("hot") >= 3_000 && dead("calm") >= 200);

        assertThat(sweeper.sweep()).containsExactly("hot");

        assertThat(dead("hot")).isLessThan(DeadRowSweeper.MIN_DEAD_ROWS);
        assertThat(vacuumed("hot")).isTrue();
        assertThat(vacuumed("calm")).isFalse();
        assertThat(registry.counter("kontrol.database.sweeps").count()).isEqualTo(1.0);
        assertThat(sweeper.sweep()).as("nothing left to sweep").isEmpty();
    }

    private long dead(String table) {
        return jdbc.sql("select n_dead_tup from pg_stat_user_tables where relname = ?")
                .param(table)
                .query(Long.class)
                .single();
    }

    private boolean vacuumed(String table) {
        return jdbc.sql("select last_vacuum is not null from pg_stat_user_tables where relname = ?")
                .param(table)
                .query(Boolean.class)
                .single();
    }
}
