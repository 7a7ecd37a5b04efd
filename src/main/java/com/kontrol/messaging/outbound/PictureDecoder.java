package com.kontrol.messaging.outbound;

import com.kontrol.web.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.springframework.stereotype.Component;

/**
 * Uploaded pictures decoded without letting one exhaust the server. A picture's size is read from its header before
 * any pixel is: a few hundred bytes can declare 30000×30000 pixels, which decoded would need gigabytes. Over
 * {@link #MAX_PIXELS} it is refused at once; a large one is decoded subsampled, to about the size it is sent at, so a
 * decode holds tens of megabytes at most; and only {@link #AT_ONCE} decodes run at a time.
 */
@Component
class PictureDecoder {

    /** 40 megapixels: more than any phone camera takes (a 48 MP sensor saves 12 MP photos by default). */
    static final long MAX_PIXELS = 40_000_000L;

    static final int AT_ONCE = 2;
    static final long WAIT_SECONDS = 20;

    final Semaphore slots; // package-private so that a test can take every slot
    private final long waitSeconds;

    PictureDecoder() {
        this(AT_ONCE, WAIT_SECONDS);
    }

    PictureDecoder(int atOnce, long waitSeconds) {
        this.slots = new Semaphore(atOnce, true);
        this.waitSeconds = waitSeconds;
    }

    record Size(int width, int height) {
        long pixels() {
            return (long) width * height;
        }
    }

    /** A picture as decoded (perhaps subsampled), with the size it declared. */
    record Decoded(BufferedImage image, Size declared) {}

    /**
     * The size the picture declares, read from its header only.
     *
     * @throws InvalidInputException when it is not a picture that can be read, or is over {@link #MAX_PIXELS}
     */
    Size size(String name, byte[] data) {
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            var reader = reader(name, in);
            try {
                return checked(name, new Size(reader.getWidth(0), reader.getHeight(0)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException refused) throw refused;
            throw unreadable(name);
        }
    }

    /** Refuses a picture over {@link #MAX_PIXELS}, with its size in the message. */
    static Size checked(String name, Size size) {
        if (size.width() <= 0 || size.height() <= 0) {
            throw unreadable(name);
        }
        if (size.pixels() > MAX_PIXELS) {
            throw new InvalidInputException("\"" + name + "\" is " + size.width() + "×" + size.height() + " pixels ("
                    + size.pixels() / 1_000_000 + " megapixels): at most " + MAX_PIXELS / 1_000_000
                    + " megapixels can be attached. Nothing was sent.");
        }
        return size;
    }

    /**
     * The picture, decoded with every n-th pixel of every n-th row so that its longer side is still at least
     * {@code side} (all of it when it is smaller).
     *
     * @throws InvalidInputException when it cannot be read, is over {@link #MAX_PIXELS}, or the server is busy
     *     decoding others for longer than {@link #WAIT_SECONDS}
     */
    Decoded decode(String name, byte[] data, int side) {
        var size = size(name, data);
        acquire();
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            var reader = reader(name, in);
            try {
                int step = Math.max(1, Math.max(size.width(), size.height()) / side);
                var param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                return new Decoded(reader.read(0, param), size);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException refused) throw refused;
            throw unreadable(name);
        } finally {
            slots.release();
        }
    }

    private void acquire() {
        try {
            if (slots.tryAcquire(waitSeconds, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new InvalidInputException(
                "Kontrol is busy making other pictures smaller: attach the files again in a moment. Nothing was sent.");
    }

    private static ImageReader reader(String name, ImageInputStream in) {
        if (in == null) throw unreadable(name);
        var readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) throw unreadable(name);
        var reader = readers.next();
        reader.setInput(in, true, true);
        return reader;
    }

    static InvalidInputException unreadable(String name) {
        return new InvalidInputException("\"" + name + "\" could not be read as a picture: is it damaged?");
    }
}
