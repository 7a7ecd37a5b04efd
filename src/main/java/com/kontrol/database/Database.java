package com.kontrol.database;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Which database Kontrol runs on, found out once at start: PostgreSQL in production, else the embedded H2 (in
 * PostgreSQL mode). The few statements that differ ask here.
 */
@Component
public class Database {

    private final boolean postgres;

    Database(DataSource dataSource) throws SQLException {
        try (var c = dataSource.getConnection()) {
            this.postgres = isPostgres(c.getMetaData().getDatabaseProductName());
        }
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

    /** PostgreSQL (LISTEN/NOTIFY, {@code on conflict}); false on the embedded H2. */
    public boolean isPostgres() {
        return postgres;
    }
}
