package com.kontrol.database;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/** The binaries for this platform, from the jar, unpacked once under the directory. */
final class PostgresBinaries {

    private PostgresBinaries() {}

    static Path unpacked(Path dir) throws IOException {
        var archive = archiveName();
        var bin = dir.resolve("bin-" + archive.replace(".txz", "") + "-" + EmbeddedPostgres.VERSION);
        if (Files.exists(bin.resolve("bin/postgres"))) {
            return bin;
        }
        InputStream packed = EmbeddedPostgres.class.getResourceAsStream("/" + archive);
        if (packed == null) {
            throw new IllegalStateException("This build of Kontrol carries no PostgreSQL for "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + " (" + archive + ")."
                    + EmbeddedPostgres.whatToDo());
        }
        var tmp = dir.resolve(bin.getFileName() + ".unpacking");
        EmbeddedPostgres.deleteTree(tmp);
        Files.createDirectories(tmp);
        try (packed;
                var xz = new XZCompressorInputStream(new BufferedInputStream(packed));
                var tar = new TarArchiveInputStream(xz)) {
            for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                var target = tmp.resolve(entry.getName()).normalize();
                if (!target.startsWith(tmp)) {
                    throw new IOException("An entry outside the archive's folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        target.toFile().setExecutable(true, false);
                    }
                }
            }
        }
        Files.move(tmp, bin, StandardCopyOption.ATOMIC_MOVE);
        return bin;
    }

    /** zonky's name for this platform's archive. */
    static String archiveName() {
        var os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        var arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        var system = os.contains("mac") || os.contains("darwin") ? "darwin" : os.contains("linux") ? "linux" : os;
        var machine = arch.equals("amd64") || arch.equals("x86_64")
                ? "x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "arm_64" : arch;
        return "postgres-" + system + "-" + machine + ".txz";
    }
}
