package com.kontrol.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server of Kontrol's own, under one directory: the binaries that ship in the jar (zonky's builds, one per
 * platform, unpacked once into {@code bin-<version>}), the cluster ({@code data}, made by initdb with a generated
 * password kept in {@code password}, 0600), and the server's log ({@code server.log}). The server listens on a
 * loopback port only, with no Unix socket, and asks for the password (scram-sha-256). It runs as a child of this JVM:
 * {@link #close} stops it (fast shutdown), a shutdown hook does on any exit, and on Linux it is also told to stop if
 * the JVM dies without one ({@code setpriv --pdeathsig}); one a crash left running is found by its
 * {@code postmaster.pid} and stopped before a new one starts.
 *
 * <p>PostgreSQL refuses to run as root: how its programs run as someone else is {@link ServerUser}'s; the binaries
 * are {@link PostgresBinaries}'; the password and the cluster (initdb, a server a crash left running on it) are
 * {@link PostgresCluster}'s.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    /** The major version is picked once: its data directory is read only by the same major version. */
    public static final String VERSION = "17";

    public static final String USER = "kontrol";

    private static final Duration START = Duration.ofSeconds(60);
    static final Duration STOP = Duration.ofSeconds(30);

    /**
     * How the server writes. {@code DURABLE}: every commit reaches the disk before it is acknowledged (Kontrol's own
     * data). {@code FAST}: fsync off, for throwaway databases (the tests), which a power cut may corrupt.
     */
    public enum Durability {
        DURABLE,
        FAST
    }

    private final Path dir;
    private final Path bin;
    private final Path data;
    private final String password;
    private final int port;
    private final Process server;
    private final Thread hook;

    private EmbeddedPostgres(Path dir, Path bin, String password, int port, Process server) {
        this.dir = dir;
        this.bin = bin;
        this.data = dir.resolve("data");
        this.password = password;
        this.port = port;
        this.server = server;
        this.hook = new Thread(this::stop, "embedded-postgres-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts the server under {@code dir} (made on first use), and returns once it takes connections.
     *
     * @throws IllegalStateException saying why it cannot run here, and what to do instead
     */
    public static EmbeddedPostgres start(Path where, Durability durability) {
        var dir = where.toAbsolutePath().normalize(); // "./data/postgres" as the default data dir gives it
        try {
            Files.createDirectories(dir);
            var bin = PostgresBinaries.unpacked(dir);
            var password = PostgresCluster.password(dir);
            var data = dir.resolve("data");
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                PostgresCluster.initdb(bin, data, dir, password);
            }
            PostgresCluster.stopLeftOver(data);
            return launch(dir, bin, data, password, durability);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        }
    }

    /** The JDBC URL of a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String password() {
        return password;
    }

    /** A connection to one of this server's databases, as its superuser. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, password);
    }

    /** Whether the server has this database. */
    public boolean hasDatabase(String database) throws SQLException {
        try (var c = connect("postgres");
                var s = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            s.setString(1, database);
            try (var r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** Runs one statement on the server's {@code postgres} database (create, drop, rename a database). */
    public void onServer(String sql) throws SQLException {
        try (var c = connect("postgres");
                var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public int port() {
        return port;
    }

    /** Stops the server (fast shutdown: open sessions are ended, committed work is kept) and waits for it. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
        stop();
    }

    private void stop() {
        if (!server.isAlive()) {
            return;
        }
        try {
            // SIGINT is PostgreSQL's fast shutdown; Process.destroy() would send SIGTERM, a smart one that waits for
            // every client to leave.
            new ProcessBuilder("kill", "-INT", Long.toString(server.pid()))
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
            if (!server.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("The embedded PostgreSQL did not stop within {} s: killing it", STOP.toSeconds());
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            server.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.destroy();
        }
    }

    private static EmbeddedPostgres launch(Path dir, Path bin, Path data, String password, Durability durability)
            throws IOException {
        var fast = durability == Durability.FAST;
        var lastFailure = "";
        for (int attempt = 0; attempt < 3; attempt++) { // a free port may be taken between the check and the bind
            int port = freePort();
            var command = new ArrayList<>(ServerUser.command(List.of(
                    bin.resolve("bin/postgres").toString(),
                    "-D",
                    data.toString(),
                    "-p",
                    Integer.toString(port),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    "unix_socket_directories=",
                    "-c",
                    "fsync=" + (fast ? "off" : "on"),
                    "-c",
                    "synchronous_commit=" + (fast ? "off" : "on"),
                    "-c",
                    "full_page_writes=" + (fast ? "off" : "on"),
                    "-c",
                    "max_connections=" + (fast ? 300 : 100),
                    "-c",
                    "timezone=UTC")));
            var logFile = dir.resolve("server.log");
            var server = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            var started = System.nanoTime();
            while (System.nanoTime() - started < START.toNanos()) {
                if (!server.isAlive()) {
                    break;
                }
                try (var c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, password)) {
                    log.info(
                            "The embedded PostgreSQL {} runs on 127.0.0.1:{} (pid {}, {}), started in {} ms",
                            VERSION,
                            port,
                            server.pid(),
                            fast ? "fsync off" : "fsync on",
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    return new EmbeddedPostgres(dir, bin, password, port, server);
                } catch (SQLException notYet) {
                    sleep(50);
                }
            }
            server.destroyForcibly();
            lastFailure = tail(logFile);
        }
        throw new IllegalStateException("The embedded PostgreSQL did not start: " + lastFailure + whatToDo());
    }

    static String whatToDo() {
        return " Run Kontrol as a normal user, or point spring.datasource.url (KONTROL_DATABASE_URL) at any PostgreSQL"
                + " server instead of the embedded one.";
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String tail(Path file) {
        try {
            var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var all = Files.walk(path)) {
            for (var p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // polling a starting server: no event to wait on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the embedded PostgreSQL started", e);
        }
    }
}
