package com.kontrol.database;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Vacuums the small tables whose few rows change many times a second, when their dead row versions pile up.
 *
 * <p>Every incoming text updates its customer's row in {@code conversations}, and as the inbox's views are indexes
 * over the columns a text changes (activity, state, waiting since), PostgreSQL cannot update it in place: each text
 * leaves a dead version of the row behind, which every later read of that customer's row steps over until VACUUM
 * removes it. Autovacuum looks at a database once a minute at most ({@code autovacuum_naptime}), and some servers run
 * without it: under a busy minute a conversation's row gathered tens of thousands of dead versions, the texts' rate
 * fell from 4,300 to under 2,000 a second and the intake waited on the database (bench/README.md, "Issue 39"). Checked
 * every couple of seconds here, such a table is swept while it is still small, which takes milliseconds.
 *
 * <p>Only small tables: a large one with many dead rows (after the retention's deletions, say) is autovacuum's job,
 * paced so as not to load the server. {@code SKIP_LOCKED}: a table that autovacuum or another instance is already
 * vacuuming is left to it.
 */
@Component
class DeadRowSweeper {

    private static final Logger log = LoggerFactory.getLogger(DeadRowSweeper.class);

    /** Fewer dead rows than this are not worth a VACUUM, however small the table. */
    static final long MIN_DEAD_ROWS = 1_000;
    /** Larger tables are left to autovacuum: a hot table is one of few rows that change often. */
    static final long MAX_TABLE_BYTES = 64L * 1024 * 1024;

    // Dead versions beyond a fifth of the live rows, as autovacuum's default scale factor.
    private static final String DUE = """
            select relname
            from pg_stat_user_tables
            where schemaname = current_schema()
              and n_dead_tup >= :minDead
              and n_dead_tup >= n_live_tup / 5
              and pg_relation_size(relid) <= :maxBytes
            order by n_dead_tup desc
            """;

    private final JdbcClient jdbc;
    private final Counter sweeps;

    DeadRowSweeper(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.sweeps = Counter.builder("kontrol.database.sweeps")
                .description("VACUUMs of small tables whose dead row versions piled up between autovacuum's visits")
                .register(registry);
    }

    @Scheduled(fixedDelayString = "${kontrol.database.sweep-millis:2000}", initialDelay = 5_000)
    void sweepWhenDue() {
        sweep();
    }

    /** Vacuums each table that is due; returns their names. */
    List<String> sweep() {
        var due = jdbc.sql(DUE)
                .param("minDead", MIN_DEAD_ROWS)
                .param("maxBytes", MAX_TABLE_BYTES)
                .query(String.class)
                .list();
        for (var table : due) {
            // VACUUM cannot run in a transaction: JdbcClient outside one runs it on an auto-commit connection.
            jdbc.sql("vacuum (skip_locked) " + quoted(table)).update();
            sweeps.increment();
            log.debug("Vacuumed {}: its dead row versions piled up", table);
        }
        return due;
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
