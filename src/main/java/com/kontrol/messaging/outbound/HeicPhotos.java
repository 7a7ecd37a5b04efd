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
 * with a message saying how to send it instead. The tool takes no size limit of its own, so the sizes the file
 * declares are read first and one over {@link PictureDecoder#MAX_PIXELS} never reaches it; then two conversions at a
 * time, 30 s each at most, and a JPEG of at most {@link #MAX_OUTPUT} bytes.
 */
@Component
class HeicPhotos {

    static final long TIMEOUT_SECONDS = 30;
    static final long MAX_OUTPUT = 32L * 1024 * 1024;

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
        PictureDecoder.checked(name, declaredSize(heic).orElseThrow(() -> unreadable(name)));
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
                if (process.exitValue() != 0 || jpeg.isEmpty() || Files.size(jpeg.get()) > MAX_OUTPUT) {
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

    /**
     * The largest size an image in the file declares: HEIF gives every image (and each tile of a grid) an
     * {@code ispe} property box, 20 bytes: its size, "ispe", version and flags, then width and height as unsigned
     * 32-bit numbers. Empty when there is none, which libheif refuses too.
     */
    static Optional<PictureDecoder.Size> declaredSize(byte[] heic) {
        PictureDecoder.Size largest = null;
        for (int i = 4; i + 16 <= heic.length; i++) {
            if (heic[i] == 'i'
                    && heic[i + 1] == 's'
                    && heic[i + 2] == 'p'
                    && heic[i + 3] == 'e'
                    && unsigned(heic, i - 4) == 20) {
                var size = new PictureDecoder.Size(clamped(unsigned(heic, i + 8)), clamped(unsigned(heic, i + 12)));
                if (largest == null || size.pixels() > largest.pixels()) {
                    largest = size;
                }
            }
        }
        return Optional.ofNullable(largest);
    }

    private static long unsigned(byte[] data, int at) {
        return ((data[at] & 0xFFL) << 24)
                | ((data[at + 1] & 0xFFL) << 16)
                | ((data[at + 2] & 0xFFL) << 8)
                | (data[at + 3] & 0xFFL);
    }

    private static int clamped(long side) {
        return (int) Math.min(side, Integer.MAX_VALUE);
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
