package com.kontrol.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's cluster under its directory: the superuser's password, generated once and kept in
 * {@code password} (0600), the cluster in {@code data}, made once by initdb, and a server a crash left running on it,
 * stopped before a new one starts.
 */
final class PostgresCluster {

    private static final Logger log = LoggerFactory.getLogger(PostgresCluster.class);

    private PostgresCluster() {}

    /** The superuser's password: generated on first use, then read from {@code password}. */
    static String password(Path dir) throws IOException {
        var file = dir.resolve("password");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        var bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        var password = HexFormat.of().formatHex(bytes);
        var tmp = dir.resolve("password.tmp");
        Files.writeString(tmp, password + "\n", StandardCharsets.US_ASCII);
        ownerOnly(tmp);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return password;
    }

    /** Makes the cluster in {@code data} with initdb, in a directory beside it moved into place when done. */
    static void initdb(Path bin, Path data, Path dir, String password) throws IOException {
        var fresh = dir.resolve("data.initdb");
        EmbeddedPostgres.deleteTree(fresh); // a first start interrupted during initdb
        Files.createDirectories(fresh);
        ownerOnly(fresh);
        var pwfile = dir.resolve("password"); // initdb reads the superuser's password from it
        var command = ServerUser.command(List.of(
                bin.resolve("bin/initdb").toString(),
                "-D",
                fresh.toString(),
                "-U",
                EmbeddedPostgres.USER,
                "--pwfile=" + pwfile,
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-instructions"));
        var result = run(command, dir.resolve("initdb.log"), Duration.ofMinutes(2));
        if (result != 0) {
            throw new IllegalStateException("initdb failed (exit " + result + "): "
                    + EmbeddedPostgres.tail(dir.resolve("initdb.log")) + EmbeddedPostgres.whatToDo());
        }
        Files.move(fresh, data, StandardCopyOption.ATOMIC_MOVE);
        log.info("Made the embedded PostgreSQL's cluster in {} (PostgreSQL {})", data, EmbeddedPostgres.VERSION);
    }

    /** A server a crash left running on this cluster (its postmaster.pid names a live process): stopped first. */
    static void stopLeftOver(Path data) throws IOException {
        var pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        var lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return;
        }
        var left = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (left.isEmpty()) {
            return; // a stale file: the server starts over it
        }
        log.warn("An embedded PostgreSQL (pid {}) was left running on {}: stopping it first", pid, data);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
            left.get().onExit().get(EmbeddedPostgres.STOP.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            left.get().destroyForcibly();
        }
    }

    private static int run(List<String> command, Path logFile, Duration limit) throws IOException {
        var process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        try {
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    private static void ownerOnly(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(
                    path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwx------" : "rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the embedded server does not run there anyway
        }
    }
}
