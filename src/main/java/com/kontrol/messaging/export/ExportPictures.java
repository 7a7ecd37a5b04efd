package com.kontrol.messaging.export;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The pictures of one export, made small enough to embed: each scaled to fit {@link #MAX_SIDE} pixels and written as
 * JPEG (a phone's 4 MB photo becomes some 60 KB), at most {@link #MAX_PICTURES} of them; the rest are named, not shown.
 * So that an export of a long thread of photos stays within the server's memory (a 256 MB heap; a decoded 12-megapixel
 * photo alone is 48 MB, one at a time).
 */
final class ExportPictures {

    static final int MAX_SIDE = 800;
    static final int MAX_PICTURES = 200;

    private int embedded;

    /** The picture as a data URI to embed; empty past the limit or for bytes that are no picture Java can read. */
    Optional<String> embed(byte[] bytes) {
        if (embedded >= MAX_PICTURES) {
            return Optional.empty();
        }
        try {
            var image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                return Optional.empty();
            }
            double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(image.getWidth(), image.getHeight()));
            int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
            int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
            var small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB); // JPEG has no transparency
            var g = small.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.drawImage(image, 0, 0, width, height, null);
            g.dispose();
            var out = new ByteArrayOutputStream();
            ImageIO.write(small, "jpeg", out);
            embedded++;
            return Optional.of("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(out.toByteArray()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    boolean full() {
        return embedded >= MAX_PICTURES;
    }
}
