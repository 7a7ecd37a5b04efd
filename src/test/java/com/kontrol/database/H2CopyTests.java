package com.kontrol.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * An office that ran an earlier version has its texts in an embedded H2 database in the data dir (made as those
 * versions made it: the migrations on H2, no user name): the first start on
 * PostgreSQL copies every row of it, with its ids, and goes on numbering after them; the H2 file is kept aside; an
 * interrupted copy starts over, and a finished one never runs again.
 */
class H2CopyTests {

    Path dataDir;
    EmbeddedPostgres server;

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) {
            server.close();
        }
        if (dataDir != null) {
            EmbeddedPostgres.deleteTree(dataDir);
        }
    }

    /**
     * The schema as versions before issue 40 made it on H2: today's migrations, except V14 and V21, which were Java
     * migrations that did less there (the job index only; nothing).
     */
    /** V39 and later use PostgreSQL's partial indexes, which H2 cannot create: an earlier version's H2 had none of them. */
    private static final int LAST_H2_VERSION = 38;

    private static int version(String migration) {
        return Integer.parseInt(migration.substring(1, migration.indexOf("__")));
    }

    private void previousVersionsMigrations(DataSource h2) throws Exception {
        var dir = dataDir.resolve("h2-migrations");
        Files.createDirectories(dir);
        var today = Path.of(getClass().getResource("/db/migration").toURI());
        try (var files = Files.list(today)) {
            for (var file : files.toList()) {
                var name = file.getFileName().toString();
                if (name.endsWith(".sql")
                        && !name.startsWith("V14__")
                        && !name.startsWith("V21__")
                        && version(name) <= LAST_H2_VERSION) {
                    Files.copy(file, dir.resolve(name));
                }
            }
        }
        Files.writeString(
                dir.resolve("V14__message_search.sql"), "create index messages_job on messages (job_id, id);");
        Files.writeString(dir.resolve("V21__outbox_queued_index.sql"), "select 1;");
        Flyway.configure().dataSource(h2).locations("filesystem:" + dir).load().migrate();
    }

    @Test
    void everyRowOfAnEarlierVersionsH2DatabaseIsCopiedWithItsIdsAndTheNumberingGoesOn() throws Exception {
        dataDir = Files.createTempDirectory("kontrol-h2-copy");
        var at = OffsetDateTime.parse("2026-03-01T09:30:00Z");
        var png = new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xFF};
        try (var h2 = new SingleConnectionDataSource(TestDatabase.h2Url(dataDir.toString()), "", "", true)) {
            previousVersionsMigrations(h2);
            var jdbc = JdbcClient.create(h2);
            for (int i = 0; i < 3; i++) {
                jdbc.sql("insert into customers (name, sms_enabled, created_at, updated_at) values (:n, :on, :at, :at)")
                        .param("n", "Zoë Ñandú " + i)
                        .param("on", i != 1)
                        .param("at", at)
                        .update();
            }
            jdbc.sql("delete from customers where name = 'Zoë Ñandú 0'").update(); // a gap in the ids
            jdbc.sql("""
                            insert into messages (sid, customer_id, direction, from_address, to_address, body, status,
                                                  sent_by, created_at, updated_at)
                            select 'SM1', max(id), 'outbound', '+15005550006', '+14155550100', 'The valve 🔧 is here',
                                   'delivered', 'dana', :at, :at from customers
                            """).param("at", at).update();
            jdbc.sql("""
                            insert into outbound_media (token, message_id, content_type, file_name, size_bytes, data,
                                                        created_by, created_at, expires_at)
                            select 'tok', max(id), 'image/png', 'valve.png', 8, :data, 'dana', :at, :at from messages
                            """).param("data", png).param("at", at).update();
        }
        server = EmbeddedPostgres.start(dataDir.resolve("postgres"), EmbeddedPostgres.Durability.FAST);

        var copied = H2Copy.copy(dataDir, server, "kontrol");
        H2Copy.setAside(dataDir);

        assertThat(copied)
                .containsEntry("customers", 2L)
                .containsEntry("messages", 1L)
                .containsEntry("outbound_media", 1L);
        var pg = JdbcClient.create(
                new DriverManagerDataSource(server.jdbcUrl("kontrol"), EmbeddedPostgres.USER, server.password()));
        assertThat(pg.sql("select name from customers order by id")
                        .query(String.class)
                        .list())
                .containsExactly("Zoë Ñandú 1", "Zoë Ñandú 2");
        assertThat(pg.sql("select id from customers order by id")
                        .query(Long.class)
                        .list())
                .containsExactly(2L, 3L);
        assertThat(pg.sql("select sms_enabled from customers order by id")
                        .query(Boolean.class)
                        .list())
                .containsExactly(false, true);
        assertThat(pg.sql("select body from messages").query(String.class).single())
                .isEqualTo("The valve 🔧 is here");
        assertThat(pg.sql("select created_at from messages")
                        .query(OffsetDateTime.class)
                        .single()
                        .toInstant())
                .isEqualTo(at.toInstant());
        assertThat(pg.sql("select data from outbound_media").query(byte[].class).single())
                .isEqualTo(png);
        // PostgreSQL's search vector is computed for the copied text
        assertThat(pg.sql("select count(*) from messages where search @@ plainto_tsquery('english', 'valve')")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        var next = pg.sql("insert into customers (name, sms_enabled, created_at, updated_at)"
                        + " values ('New', true, now(), now()) returning id")
                .query(Long.class)
                .single();
        assertThat(next).isEqualTo(4L);
        assertThat(dataDir.resolve(H2Copy.FILE)).doesNotExist();
        assertThat(dataDir.resolve(H2Copy.BACKUP)).exists();
        assertThat(H2Copy.pending(dataDir)).isFalse();
    }

    @Test
    void aCopyInterruptedBeforeItFinishedStartsOverAndLeavesNoHalfDatabase() throws Exception {
        dataDir = Files.createTempDirectory("kontrol-h2-copy");
        try (var h2 = new SingleConnectionDataSource(TestDatabase.h2Url(dataDir.toString()), "", "", true)) {
            previousVersionsMigrations(h2);
            JdbcClient.create(h2)
                    .sql("insert into customers (name, sms_enabled, created_at, updated_at)"
                            + " values ('Once', true, now(), now())")
                    .update();
        }
        server = EmbeddedPostgres.start(dataDir.resolve("postgres"), EmbeddedPostgres.Durability.FAST);
        server.onServer("create database kontrol_copy"); // what a stop in the middle of a copy leaves
        try (var c = server.connect("kontrol_copy");
                var s = c.createStatement()) {
            s.execute("create table customers (id bigint)");
            s.execute("insert into customers values (99)");
        }
        assertThat(server.hasDatabase("kontrol")).isFalse();

        H2Copy.copy(dataDir, server, "kontrol");

        assertThat(server.hasDatabase("kontrol_copy")).isFalse();
        var pg = JdbcClient.create(
                new DriverManagerDataSource(server.jdbcUrl("kontrol"), EmbeddedPostgres.USER, server.password()));
        assertThat(pg.sql("select name from customers").query(String.class).list())
                .containsExactly("Once");
    }
}
