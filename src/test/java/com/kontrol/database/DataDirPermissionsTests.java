package com.kontrol.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.KontrolTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The data dir (the embedded database, the generated key) is its owner's alone: a running Kontrol's dir and files are
 * 0700 and 0600, and a start that finds them opened to others narrows them and says so.
 */
@KontrolTest
@ExtendWith(OutputCaptureExtension.class)
class DataDirPermissionsTests {

    @Value("${kontrol.data-dir}")
    Path dataDir;

    @Test
    void aRunningKontrolsDataDirAndItsDatabaseAreTheOwnersAlone() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
                .isEqualTo("rwx------");
        try (var files = Files.list(dataDir)) {
            var list = files.filter(Files::isRegularFile).toList();
            for (var file : list) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                        .as(file.getFileName().toString())
                        .isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aStartThatFindsTheDataDirOpenToOthersNarrowsItAndSaysSo(CapturedOutput output) throws Exception {
        var dir = Files.createTempDirectory("kontrol-perms");
        var db = Files.writeString(dir.resolve("kontrol.mv.db"), "texts and password hashes");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        var widened = DataDirPermissions.narrow(dir);

        assertThat(widened).extracting(Path::toString).contains("kontrol.mv.db");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db)))
                .isEqualTo("rw-------");
        assertThat(DataDirPermissions.narrow(dir))
                .as("once narrowed, nothing to say")
                .isEmpty();
    }
}
