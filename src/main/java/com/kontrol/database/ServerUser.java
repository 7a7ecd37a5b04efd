package com.kontrol.database;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How the embedded PostgreSQL's programs are run: not as root, which PostgreSQL refuses (as root: in a user namespace
 * of their own, {@code unshare -U}, where they are nobody and root's files look like their own), and on Linux told to
 * stop when the JVM dies ({@code setpriv --pdeathsig}).
 */
final class ServerUser {

    private ServerUser() {}

    /**
     * The command as the server's user: as root, in a user namespace of its own where it is nobody (PostgreSQL
     * refuses root); on Linux, told to stop when this JVM dies.
     */
    static List<String> command(List<String> command) {
        var all = new ArrayList<String>();
        if (isRoot()) {
            if (!unshareWorks()) {
                throw new IllegalStateException("Kontrol runs as root, where PostgreSQL refuses to run, and this system"
                        + " does not let it drop root in a user namespace (unshare -U)." + EmbeddedPostgres.whatToDo());
            }
            all.addAll(List.of("unshare", "-U"));
        }
        if (isLinux() && onPath("setpriv")) {
            all.addAll(List.of("setpriv", "--pdeathsig", "INT"));
        }
        all.addAll(command);
        return all;
    }

    private static boolean isRoot() {
        try {
            return new UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    private static volatile Boolean unshare;

    private static boolean unshareWorks() {
        if (unshare == null) {
            try {
                var p = new ProcessBuilder("unshare", "-U", "true")
                        .redirectErrorStream(true)
                        .start();
                unshare = p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                unshare = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unshare = false;
            }
        }
        return unshare;
    }

    private static boolean onPath(String tool) {
        for (var entry : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, tool))) {
                return true;
            }
        }
        return false;
    }
}
