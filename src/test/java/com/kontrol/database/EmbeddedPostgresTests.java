package com.kontrol.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Kontrol's own PostgreSQL: made on first start under its directory (as root too, as CI runs it), reached only on
 * loopback and only with its generated password, kept across a restart, and never left running: a server a crash
 * left behind is stopped before the next one starts.
 */
class EmbeddedPostgresTests {

    Path dir;

    @AfterEach
    void removeTheDirectory() throws Exception {
        if (dir != null) {
            EmbeddedPostgres.deleteTree(dir);
        }
    }

    @Test
    void aFirstStartMakesAClusterThatOnlyItsPasswordOpensAndARestartKeepsItsData() throws Exception {
        dir = Files.createTempDirectory("kontrol-embedded-pg");
        try (var pg = EmbeddedPostgres.start(dir, EmbeddedPostgres.Durability.DURABLE)) {
            try (var c = DriverManager.getConnection(pg.jdbcUrl("postgres"), EmbeddedPostgres.USER, pg.password());
                    var s = c.createStatement()) {
                s.execute("create table kept (words text)");
                s.execute("insert into kept values ('still here')");
                var fsync = s.executeQuery("show fsync");
                fsync.next();
                assertThat(fsync.getString(1)).isEqualTo("on");
                var listen = s.executeQuery("show listen_addresses");
                listen.next();
                assertThat(listen.getString(1)).isEqualTo("127.0.0.1");
            }
            assertThatThrownBy(
                            () -> DriverManager.getConnection(pg.jdbcUrl("postgres"), EmbeddedPostgres.USER, "guess"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            assertThat(Files.getPosixFilePermissions(dir.resolve("password")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(dir.resolve("data")))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
        try (var again = EmbeddedPostgres.start(dir, EmbeddedPostgres.Durability.DURABLE);
                var c = DriverManager.getConnection(
                        again.jdbcUrl("postgres"), EmbeddedPostgres.USER, again.password());
                var s = c.createStatement()) {
            var rows = s.executeQuery("select words from kept");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void aRelativeDirectoryAsTheDefaultDataDirGivesItWorks() throws Exception {
        dir = Files.createTempDirectory(Path.of("target"), "kontrol-embedded-pg");
        var relative = Path.of("").toAbsolutePath().relativize(dir.toAbsolutePath());
        try (var pg = EmbeddedPostgres.start(Path.of(".").resolve(relative), EmbeddedPostgres.Durability.FAST);
                var c = DriverManager.getConnection(pg.jdbcUrl("postgres"), EmbeddedPostgres.USER, pg.password())) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void closingStopsTheServerProcess() throws Exception {
        dir = Files.createTempDirectory("kontrol-embedded-pg");
        var pg = EmbeddedPostgres.start(dir, EmbeddedPostgres.Durability.FAST);
        var pid = Long.parseLong(
                Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).strip());
        assertThat(ProcessHandle.of(pid)).isPresent();
        pg.close();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThatThrownBy(
                        () -> DriverManager.getConnection(pg.jdbcUrl("postgres"), EmbeddedPostgres.USER, pg.password()))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void whenTheJvmIsKilledItsServerStopsToo() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs Linux's setpriv (util-linux)");
        dir = Files.createTempDirectory("kontrol-embedded-pg");
        var javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var app = new ProcessBuilder(
                        javaBin, "-cp", System.getProperty("java.class.path"), App.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .start();
        try (var out = new BufferedReader(new InputStreamReader(app.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                // the server's start, logged
            }
            assertThat(line).as("the app's output").isEqualTo("ready");
            var pid = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid"))
                    .get(0)
                    .strip());
            app.destroyForcibly(); // SIGKILL: no shutdown hook runs
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() ->
                            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
        } finally {
            app.destroyForcibly();
        }
    }

    /** An app that starts the server and waits, to be killed. */
    public static final class App {
        public static void main(String[] args) throws Exception {
            EmbeddedPostgres.start(Path.of(args[0]), EmbeddedPostgres.Durability.FAST);
            System.out.println("ready");
            System.out.flush();
            new CountDownLatch(1).await(); // until it is killed
        }
    }

    @Test
    void aServerACrashLeftRunningIsStoppedBeforeTheNextStarts() throws Exception {
        dir = Files.createTempDirectory("kontrol-embedded-pg");
        var left = EmbeddedPostgres.start(dir, EmbeddedPostgres.Durability.FAST); // never closed: the JVM "crashed"
        var leftPid = Long.parseLong(
                Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).strip());
        try (var next = EmbeddedPostgres.start(dir, EmbeddedPostgres.Durability.FAST);
                var c = DriverManager.getConnection(next.jdbcUrl("postgres"), EmbeddedPostgres.USER, next.password())) {
            assertThat(c.isValid(2)).isTrue();
            assertThat(ProcessHandle.of(leftPid).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(next.port()).isNotEqualTo(0);
        } finally {
            left.close();
        }
    }
}
