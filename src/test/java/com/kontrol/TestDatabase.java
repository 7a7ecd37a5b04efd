package com.kontrol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every test application context a database of its own: an H2 file in a fresh data dir (the embedded default,
 * exactly as users run it), or, when the build runs with {@code -Dkontrol.test.db=postgres}, a new PostgreSQL
 * database that is dropped when the JVM ends. Settings a test names itself win over these.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String ADMIN_PASSWORD = "test-admin-password";
    static final String POSTGRES_URL =
            System.getProperty("kontrol.test.postgres-url", "jdbc:postgresql://127.0.0.1:5432/");
    static final String POSTGRES_USER = System.getProperty("kontrol.test.postgres-user", "postgres");

    public static boolean onPostgres() {
        return "postgres".equals(System.getProperty("kontrol.test.db"));
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (context.getEnvironment().containsProperty("kontrol.test.second-instance")) {
            return; // a second instance of an application under test: it shares the first one's database
        }
        var props = new HashMap<String, Object>();
        try {
            props.put(
                    "kontrol.data-dir",
                    Files.createTempDirectory("kontrol-test").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        props.put("kontrol.demo-data", "false");
        props.put("kontrol.admin.username", "admin");
        props.put("kontrol.admin.password", ADMIN_PASSWORD);
        if (onPostgres()) {
            var name = createPostgresDatabase();
            props.put("spring.datasource.url", POSTGRES_URL + name);
            props.put("spring.datasource.username", POSTGRES_USER);
            // Spring keeps a dozen test contexts alive at once: small pools keep them under max_connections.
            props.put("spring.datasource.hikari.maximum-pool-size", "4");
            props.put("spring.datasource.hikari.minimum-idle", "1");
        }
        var sources = context.getEnvironment().getPropertySources();
        var ours = new MapPropertySource("kontrolTestDatabase", props);
        if (sources.contains("Inline Test Properties")) {
            sources.addAfter("Inline Test Properties", ours);
        } else {
            sources.addFirst(ours);
        }
    }

    /** Creates an empty database and drops it (connections and all) when the test JVM ends. */
    public static String createPostgresDatabase() {
        var name =
                "kontrol_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        adminStatement("create database " + name);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> adminStatement("drop database if exists " + name + " with (force)")));
        return name;
    }

    private static void adminStatement(String sql) {
        try (var c = DriverManager.getConnection(POSTGRES_URL + "postgres", POSTGRES_USER, "");
                var s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + POSTGRES_URL + " is needed for -Dkontrol.test.db=postgres: " + e.getMessage(),
                    e);
        }
    }
}
