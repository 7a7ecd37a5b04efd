package com.kontrol;

import static org.springframework.test.context.support.TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;

import com.kontrol.database.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Gives every test application context a database of its own, and a data dir of its own: a new PostgreSQL database,
 * on the server {@code -Dkontrol.test.postgres-url} names (with {@code -Dkontrol.test.postgres-user}, trust auth; each
 * database dropped when the JVM ends), else on an {@link EmbeddedPostgres} started once for the test run, so that the
 * suite needs nothing but a JDK. Settings a test names itself win over these.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String ADMIN_PASSWORD = "kontrol-test-7Qv-wrench";
    /** Every instance sharing a database needs the same key for the secrets stored in it. */
    public static final String SECRET_KEY = "the test instances' shared secret key, 32+ characters";
    /** What a metrics scraper sends as its bearer token ({@code kontrol.metrics.token}). */
    public static final String METRICS_TOKEN = "test-scraper-token-9f3c1a";

    /** The PostgreSQL server the test databases are made on: {@code url} ends in "/", a database name follows. */
    public record Server(String url, String user, String password, boolean ours) {}

    private static volatile Server server;

    /** The server named by {@code -Dkontrol.test.postgres-url}, else the test run's embedded one, started once. */
    public static Server postgres() {
        if (server == null) {
            synchronized (TestDatabase.class) {
                if (server == null) {
                    var named = System.getProperty("kontrol.test.postgres-url", "");
                    if (!named.isBlank()) {
                        server = new Server(
                                named.endsWith("/") ? named : named + "/",
                                System.getProperty("kontrol.test.postgres-user", "postgres"),
                                System.getProperty("kontrol.test.postgres-password", ""),
                                false);
                    } else {
                        var dir = Path.of(
                                System.getProperty("java.io.tmpdir"),
                                "kontrol-test-postgres-"
                                        + ProcessHandle.current().pid());
                        var embedded = EmbeddedPostgres.start(dir, EmbeddedPostgres.Durability.FAST);
                        // The whole cluster goes with the run: no database of it needs dropping.
                        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                            embedded.close();
                            try (var all = Files.walk(dir)) {
                                all.sorted(Comparator.reverseOrder())
                                        .forEach(p -> p.toFile().delete());
                            } catch (IOException ignored) {
                                // a temp folder left behind
                            }
                        }));
                        server = new Server(embedded.jdbcUrl(""), EmbeddedPostgres.USER, embedded.password(), true);
                    }
                }
            }
        }
        return server;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var environment = context.getEnvironment();
        var props = new HashMap<String, Object>();
        var dataDir = newDataDir();
        props.put("kontrol.data-dir", dataDir);
        // A second instance started by a test shares the first one's database (see SecondInstance), nothing else.
        if (!environment.containsProperty(SecondInstance.MARKER)) {
            props.put("kontrol.demo-data", "false");
            props.put("kontrol.admin.username", "admin");
            props.put("kontrol.admin.password", ADMIN_PASSWORD);
            props.put("kontrol.secret-key", SECRET_KEY);
            props.put("kontrol.metrics.token", METRICS_TOKEN);
            // Whatever the hour CI runs at, a scheduled text goes when a test expects it; the quiet hours have tests
            // of their own (AutomaticTextGateTests).
            props.put("kontrol.automatic-texts.quiet-hours", "off");
            // A scheduled text that came due goes within half a second rather than five: the tests wait less.
            props.put("kontrol.sms.scheduled-check-millis", "500");
            var name = createPostgresDatabase();
            props.put("spring.datasource.url", postgres().url() + name);
            props.put("spring.datasource.username", postgres().user());
            props.put("spring.datasource.password", postgres().password());
            // Spring keeps a dozen test contexts alive at once: small pools keep them under max_connections.
            props.put("spring.datasource.hikari.maximum-pool-size", "4");
            props.put("spring.datasource.hikari.minimum-idle", "1");
        }
        var sources = environment.getPropertySources();
        var ours = new MapPropertySource("kontrolTestDatabase", props);
        if (sources.contains(INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, ours);
        } else {
            sources.addFirst(ours);
        }
        sources.addLast(new TwilioStandIn.UrlSource());
        sources.addLast(new MailStandIn.PortSource());
        refuseTheDevelopersDataDir(environment);
    }

    private static String newDataDir() {
        try {
            return Files.createTempDirectory("kontrol-test").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An H2 file database in {@code dataDir}, in PostgreSQL mode (the embedded default of earlier versions). */
    public static String h2Url(String dataDir) {
        return "jdbc:h2:file:" + dataDir
                + "/kontrol;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE";
    }

    /** What a developer's {@code ./mvnw spring-boot:run} left in {@code ./data} is theirs: no test reads or writes it. */
    private static void refuseTheDevelopersDataDir(ConfigurableEnvironment environment) {
        var theirs = Path.of("data").toAbsolutePath().normalize();
        var dataDir = Path.of(environment.getRequiredProperty("kontrol.data-dir"))
                .toAbsolutePath()
                .normalize();
        if (dataDir.startsWith(theirs)) {
            throw new IllegalStateException("A test context would use the data dir " + dataDir
                    + "; every test context must get its own (TestDatabase)");
        }
    }

    /**
     * An empty database of a test's own outside any application context (a migration test's).
     */
    public static DataSource newDataSource() {
        return new DriverManagerDataSource(
                postgres().url() + createPostgresDatabase(),
                postgres().user(),
                postgres().password());
    }

    /** Creates an empty database and drops it (connections and all) when the test JVM ends. */
    public static String createPostgresDatabase() {
        var name =
                "kontrol_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        adminStatement("create database " + name);
        if (!postgres().ours()) {
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(() -> adminStatement("drop database if exists " + name + " with (force)")));
        }
        return name;
    }

    /** A statement run as the PostgreSQL superuser on its {@code postgres} database (create, drop, alter database). */
    public static void adminStatement(String sql) {
        var at = postgres();
        try (var c = DriverManager.getConnection(at.url() + "postgres", at.user(), at.password());
                var s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + at.url() + ": " + e.getMessage(), e);
        }
    }
}
