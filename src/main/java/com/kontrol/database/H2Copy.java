package com.kontrol.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the data of the embedded H2 database that earlier versions kept in the data dir ({@code kontrol.mv.db}) into
 * the embedded PostgreSQL, once: the schema is migrated to the version the H2 database had, every table's rows are
 * copied with their ids, each identity sequence continues after the largest id, and the row counts are compared. The
 * copy goes into a database of its own ({@code kontrol_copy}) that becomes {@code kontrol} by a rename only once it is
 * whole, so an interrupted copy starts over at the next start and a finished one is never repeated. The H2 file is
 * then kept beside, renamed {@code kontrol.mv.db.before-postgres}, and named in the log. H2 is read, read-only, only
 * here.
 */
final class H2Copy {

    private static final Logger log = LoggerFactory.getLogger(H2Copy.class);

    static final String FILE = "kontrol.mv.db";
    static final String BACKUP = "kontrol.mv.db.before-postgres";
    private static final String COPY = "kontrol_copy";
    private static final int BATCH = 1000;

    private H2Copy() {}

    /** The H2 database an earlier version left in the data dir, if there is one not yet set aside. */
    static boolean pending(Path dataDir) {
        return Files.exists(dataDir.resolve(FILE));
    }

    /**
     * Copies the H2 database in {@code dataDir} into the server's database {@code target}, which must not exist yet.
     *
     * @return the rows copied, by table
     */
    static Map<String, Long> copy(Path dataDir, EmbeddedPostgres server, String target) throws SQLException {
        var started = System.nanoTime();
        var h2Url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("kontrol")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE;ACCESS_MODE_DATA=r";
        log.info(
                "Copying the embedded H2 database {} into PostgreSQL (once)",
                dataDir.resolve(FILE).toAbsolutePath());
        server.onServer("drop database if exists " + COPY + " with (force)"); // what an interrupted copy left
        server.onServer("create database " + COPY);
        Map<String, Long> copied;
        try (Connection h2 = openH2(h2Url)) {
            var version = schemaVersion(h2);
            Flyway.configure()
                    .dataSource(server.jdbcUrl(COPY), EmbeddedPostgres.USER, server.password())
                    .locations("classpath:db/migration")
                    .target(version)
                    .load()
                    .migrate();
            try (Connection pg = server.connect(COPY)) {
                pg.setAutoCommit(false);
                try (var s = pg.createStatement()) {
                    s.execute("set session_replication_role = replica"); // no foreign-key checks while tables fill
                }
                copied = new LinkedHashMap<>();
                for (var table : tables(pg)) {
                    copied.put(table, copyTable(h2, pg, table));
                }
                for (var table : copied.keySet()) {
                    continueIdentity(pg, table);
                }
                compareCounts(h2, pg, copied);
                pg.commit();
            }
        }
        server.onServer("alter database " + COPY + " rename to " + target);
        log.info(
                "Copied {} rows of {} tables from H2 into PostgreSQL in {} ms",
                copied.values().stream().mapToLong(Long::longValue).sum(),
                copied.size(),
                (System.nanoTime() - started) / 1_000_000);
        return copied;
    }

    /** The H2 file, copied, set aside as a backup (kept: nothing deletes a user's data). */
    static void setAside(Path dataDir) throws IOException {
        var file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return;
        }
        var backup = dataDir.resolve(BACKUP);
        if (Files.exists(backup)) {
            backup = dataDir.resolve(BACKUP + "-" + System.currentTimeMillis());
        }
        Files.move(file, backup);
        var trace = dataDir.resolve("kontrol.trace.db");
        if (Files.exists(trace)) {
            Files.move(trace, dataDir.resolve(backup.getFileName() + ".trace"));
        }
        log.warn(
                "The embedded H2 database is now in PostgreSQL; the H2 file is kept as a backup: {} (delete it once you"
                        + " are sure you do not need it)",
                backup.toAbsolutePath());
    }

    /**
     * Earlier versions named no user, so H2 made the database's owner "" (no name, no password); Spring Boot's own
     * embedded default would have been "sa".
     */
    private static Connection openH2(String url) throws SQLException {
        try {
            return DriverManager.getConnection(url, "", "");
        } catch (SQLException wrongUser) {
            return DriverManager.getConnection(url, "sa", "");
        }
    }

    private static String schemaVersion(Connection h2) throws SQLException {
        try (var s = h2.createStatement();
                var r = s.executeQuery("select version from flyway_schema_history where success and version is not"
                        + " null order by installed_rank desc limit 1")) {
            if (!r.next()) {
                throw new IllegalStateException("The H2 database in the data dir has no migrations: nothing to copy");
            }
            return r.getString(1);
        }
    }

    private static List<String> tables(Connection pg) throws SQLException {
        var tables = new ArrayList<String>();
        try (var s = pg.createStatement();
                var r = s.executeQuery("select table_name from information_schema.tables where table_schema = 'public'"
                        + " and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history' order by 1")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        return tables;
    }

    /** The columns both databases have, leaving out PostgreSQL's generated ones (it computes them again). */
    private static List<String> columns(Connection h2, Connection pg, String table) throws SQLException {
        var inH2 = new ArrayList<String>();
        try (var s = h2.prepareStatement("select column_name from information_schema.columns where table_name = ?")) {
            s.setString(1, table);
            try (var r = s.executeQuery()) {
                while (r.next()) inH2.add(r.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        var both = new ArrayList<String>();
        try (var s = pg.prepareStatement("select column_name from information_schema.columns where table_schema ="
                + " 'public' and table_name = ? and is_generated = 'NEVER' order by ordinal_position")) {
            s.setString(1, table);
            try (var r = s.executeQuery()) {
                while (r.next()) {
                    if (inH2.contains(r.getString(1))) both.add(r.getString(1));
                }
            }
        }
        return both;
    }

    private static long copyTable(Connection h2, Connection pg, String table) throws SQLException {
        var columns = columns(h2, pg, table);
        if (columns.isEmpty()) {
            return 0;
        }
        try (var clear = pg.createStatement()) {
            clear.execute("delete from " + table); // rows the migrations seeded (settings): H2's own rows replace them
        }
        var names = String.join(", ", columns);
        var marks = String.join(", ", columns.stream().map(c -> "?").toList());
        long rows = 0;
        try (var read = h2.createStatement();
                var r = read.executeQuery("select " + names + " from " + table);
                var write = pg.prepareStatement("insert into " + table + " (" + names + ") values (" + marks + ")")) {
            var meta = r.getMetaData();
            while (r.next()) {
                for (int i = 1; i <= columns.size(); i++) {
                    switch (meta.getColumnType(i)) {
                        case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
                            write.setBytes(i, r.getBytes(i));
                        case Types.CLOB, Types.NCLOB -> write.setString(i, r.getString(i));
                        default -> write.setObject(i, r.getObject(i));
                    }
                }
                write.addBatch();
                if (++rows % BATCH == 0) {
                    write.executeBatch();
                }
            }
            write.executeBatch();
        }
        return rows;
    }

    /** A table's identity column goes on after its largest id, as it did in H2. */
    private static void continueIdentity(Connection pg, String table) throws SQLException {
        try (var s = pg.prepareStatement("select column_name from information_schema.columns where table_schema ="
                + " 'public' and table_name = ? and is_identity = 'YES'")) {
            s.setString(1, table);
            try (var r = s.executeQuery()) {
                while (r.next()) {
                    var column = r.getString(1);
                    try (var set = pg.createStatement()) {
                        set.execute("select setval(pg_get_serial_sequence('" + table + "', '" + column + "'),"
                                + " coalesce(max(" + column + "), 1), max(" + column + ") is not null) from " + table);
                    }
                }
            }
        }
    }

    private static void compareCounts(Connection h2, Connection pg, Map<String, Long> copied) throws SQLException {
        for (var entry : copied.entrySet()) {
            long inH2 = count(h2, entry.getKey());
            long inPg = count(pg, entry.getKey());
            if (inH2 != inPg || inPg != entry.getValue()) {
                throw new IllegalStateException("Copying " + entry.getKey() + " from H2 gave " + inPg + " rows of "
                        + inH2 + ": the copy is dropped and tried again at the next start");
            }
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (var s = c.createStatement();
                var r = s.executeQuery("select count(*) from " + table)) {
            r.next();
            return r.getLong(1);
        }
    }
}
