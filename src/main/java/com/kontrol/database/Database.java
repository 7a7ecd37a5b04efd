package com.kontrol.database;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Which database Kontrol runs on, found out once at start: PostgreSQL (a server of the business's own, or the embedded
 * one in the data dir), else H2 in PostgreSQL mode (what the tests' first pass still runs on). The few statements that
 * differ ask here.
 */
@Component
public class Database {

    private final boolean postgres;
    private final boolean embedded;

    @org.springframework.beans.factory.annotation.Autowired
    Database(DataSource dataSource, org.springframework.beans.factory.ObjectProvider<EmbeddedPostgres> embedded)
            throws SQLException {
        try (var c = dataSource.getConnection()) {
            this.postgres = isPostgres(c.getMetaData().getDatabaseProductName());
        }
        this.embedded = !postgres || embedded.getIfAvailable() != null;
    }

    Database(DataSource dataSource) throws SQLException {
        try (var c = dataSource.getConnection()) {
            this.postgres = isPostgres(c.getMetaData().getDatabaseProductName());
        }
        this.embedded = !postgres;
    }

    /** For code built outside a Spring context (tests of one class). */
    public static Database of(DataSource dataSource) {
        try {
            return new Database(dataSource);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database", e);
        }
    }

    private static boolean isPostgres(String productName) {
        return productName.equalsIgnoreCase("PostgreSQL");
    }

    /**
     * The database Kontrol keeps in its data dir (the embedded PostgreSQL, or an H2 file), rather than a server of the
     * business's own: a newcomer's first run.
     */
    public boolean isEmbedded() {
        return embedded;
    }

    /** PostgreSQL (LISTEN/NOTIFY, {@code on conflict}); false on H2. */
    public boolean isPostgres() {
        return postgres;
    }
}
