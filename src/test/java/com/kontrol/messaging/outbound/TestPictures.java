package com.kontrol.messaging.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.Assumptions;

/** Pictures made for the MMS tests. */
final class TestPictures {

    private TestPictures() {}

    /**
     * The PNG as an iPhone's HEIC photo, made by libheif's {@code heif-enc}; CI installs it, elsewhere the test is
     * skipped without it.
     */
    static byte[] heic(byte[] png) throws Exception {
        var heif = Path.of("/usr/bin/heif-enc");
        if (!Files.isExecutable(heif)) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException("CI needs libheif-examples (heif-enc, heif-convert)");
            }
            Assumptions.abort("HEIC needs Debian's libheif-examples");
        }
        var dir = Files.createTempDirectory("heic-test");
        try {
            Files.write(dir.resolve("photo.png"), png);
            var made = new ProcessBuilder(
                            heif.toString(),
                            "-o",
                            dir.resolve("IMG.HEIC").toString(),
                            dir.resolve("photo.png").toString())
                    .redirectErrorStream(true)
                    .start();
            assertThat(made.waitFor()).isZero();
            return Files.readAllBytes(dir.resolve("IMG.HEIC"));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
