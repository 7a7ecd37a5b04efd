package com.kontrol.messaging.outbound;

import com.kontrol.web.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * HEIC photos (what iPhones take) turned into JPEG, which every phone shows, by libheif's {@code heif-convert}
 * (Debian: libheif-examples): there is no maintained Java decoder for HEIC. Without the tool a HEIC photo is refused
 * with a message saying how to send it instead. Two conversions at a time, 30 s each at most.
 */
@Component
class HeicPhotos {

    static final long TIMEOUT_SECONDS = 30;

    private final Optional<Path> tool;
    private final Semaphore slots = new Semaphore(2);

    HeicPhotos(@Value("${kontrol.media.heif-convert:/usr/bin/heif-convert}") String tool) {
        var path = Path.of(tool);
        this.tool = Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }

    boolean available() {
        return tool.isPresent();
    }

    /** The photo as a JPEG (the first picture of one that holds several, as a Live Photo does). */
    byte[] toJpeg(String name, byte[] heic) {
        if (tool.isEmpty()) {
            throw new InvalidInputException("\"" + name + "\" is a HEIC photo, and this server cannot convert HEIC"
                    + " (an admin installs libheif's heif-convert): share it from the phone as a JPEG (on an iPhone,"
                    + " Settings › Camera › Formats › Most Compatible).");
        }
        if (!slots.tryAcquire()) {
            throw new InvalidInputException(
                    "Kontrol is converting other HEIC photos right now: attach it again in a" + " moment.");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("kontrol-heic");
            var in = dir.resolve("photo.heic");
            var out = dir.resolve("photo.jpg");
            Files.write(in, heic);
            var process = new ProcessBuilder(tool.get().toString(), "-q", "90", in.toString(), out.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("log.txt").toFile())
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw unreadable(name);
            }
            try (Stream<Path> files = Files.list(dir)) {
                var jpeg = files.filter(p -> p.getFileName().toString().matches("photo(-\\d+)?\\.jpg"))
                        .min(Comparator.comparing(p -> p.getFileName().toString()));
                if (process.exitValue() != 0 || jpeg.isEmpty()) {
                    throw unreadable(name);
                }
                return Files.readAllBytes(jpeg.get());
            }
        } catch (IOException e) {
            throw unreadable(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreadable(name);
        } finally {
            slots.release();
            delete(dir);
        }
    }

    private static InvalidInputException unreadable(String name) {
        return new InvalidInputException("\"" + name + "\" could not be read as a HEIC photo: is it damaged?");
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
