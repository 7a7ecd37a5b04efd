package com.kontrol.messaging.outbound;

import com.kontrol.web.InvalidInputException;
import com.twelvemonkeys.image.ResampleOp;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import org.springframework.stereotype.Component;

/**
 * What may go out by MMS, as Twilio takes it: at most 10 files and 5 MB in all; JPEG, PNG and GIF pictures, HEIC
 * photos (sent as JPEG, see {@link HeicPhotos}), and PDFs (at most 500 KB, Twilio's limit for other types). The type is read from the file's first bytes, not from its name.
 * A picture larger than carriers reliably deliver (over 1600 pixels a side, or over 600 KB) is made smaller and sent
 * as a JPEG; a GIF is sent as it is (it may move). No picture over 40 megapixels is decoded (see {@link PictureDecoder}).
 */
@Component
public class Attachments {

    public static final int MAX_FILES = 10;
    public static final int MAX_TOTAL = 5 * 1024 * 1024;
    static final int MAX_OTHER = 500 * 1024;
    static final int MAX_SIDE = 1600;
    static final int RELIABLE_BYTES = 600 * 1024;

    private final HeicPhotos heic;
    private final PictureDecoder decoder;

    Attachments(HeicPhotos heic, PictureDecoder decoder) {
        this.heic = heic;
        this.decoder = decoder;
    }

    /** A file as it arrived from a browser or the API. */
    public record Upload(String fileName, byte[] data) {}

    /**
     * The files, checked and made ready to send, in order.
     *
     * @throws InvalidInputException saying which file cannot go and why; nothing is kept then
     */
    public List<Attachment> accept(List<Upload> uploads) {
        var files = uploads.stream()
                .filter(u -> u.data() != null && u.data().length > 0)
                .toList();
        if (files.size() > MAX_FILES) {
            throw new InvalidInputException(
                    "At most " + MAX_FILES + " files can go with one text (" + files.size() + " attached).");
        }
        long total = files.stream().mapToLong(u -> u.data().length).sum();
        if (total > MAX_TOTAL) {
            throw new InvalidInputException("The files come to " + megabytes(total)
                    + ": at most 5 MB in all can go with one text (Twilio's limit). Nothing was sent.");
        }
        var ready = new ArrayList<Attachment>();
        for (var file : files) {
            ready.add(prepare(file));
        }
        return ready;
    }

    private Attachment prepare(Upload file) {
        var name = fileName(file.fileName());
        var type = sniff(file.data());
        if ("image/heic".equals(type)) {
            return smallEnough(jpegName(name), "image/jpeg", heic.toJpeg(name, file.data()));
        }
        if (type == null) {
            throw new InvalidInputException("\"" + name + "\" is not a picture (JPEG, PNG, GIF) or a PDF: only those"
                    + " can go by MMS. Nothing was sent.");
        }
        if (type.equals("application/pdf") && file.data().length > MAX_OTHER) {
            throw new InvalidInputException("\"" + name + "\" is " + megabytes(file.data().length)
                    + ": a PDF can be at most 500 KB by MMS (Twilio's limit). Nothing was sent.");
        }
        if (type.equals("image/jpeg") || type.equals("image/png")) {
            return smallEnough(name, type, file.data());
        }
        if (type.equals("image/gif")) {
            decoder.size(name, file.data()); // sent as it is, but no larger than any other picture
        }
        return new Attachment(name, type, file.data());
    }

    /** The picture as it is when carriers take it, else scaled to fit {@link #MAX_SIDE} and sent as a JPEG. */
    private Attachment smallEnough(String name, String type, byte[] data) {
        var decoded = decoder.decode(name, data, MAX_SIDE);
        var image = decoded.image();
        int width = decoded.declared().width();
        int height = decoded.declared().height();
        if (width <= MAX_SIDE && height <= MAX_SIDE && data.length <= RELIABLE_BYTES) {
            return new Attachment(name, type, data);
        }
        double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(width, height));
        int w = Math.max(1, (int) Math.round(width * scale));
        int h = Math.max(1, (int) Math.round(height * scale));
        // Decoded subsampled (see PictureDecoder), so the image may already be smaller than the picture declared.
        var scaled = image.getWidth() != w || image.getHeight() != h
                ? new ResampleOp(w, h, ResampleOp.FILTER_LANCZOS).filter(image, null)
                : image;
        // JPEG has no transparency: what was see-through becomes white, as it shows on a phone's light bubble.
        var rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = rgb.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.drawImage(scaled, 0, 0, null);
        g.dispose();
        return new Attachment(jpegName(name), "image/jpeg", jpeg(rgb, 0.85f));
    }

    private static byte[] jpeg(BufferedImage image, float quality) {
        var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        var out = new ByteArrayOutputStream();
        try (var stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            var params = writer.getDefaultWriteParam();
            params.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            params.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), params);
        } catch (IOException e) {
            throw new IllegalStateException("Could not write a JPEG", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** The type the file's first bytes say it is, or null when it is none Kontrol sends. */
    static String sniff(byte[] d) {
        if (starts(d, 0xFF, 0xD8, 0xFF)) return "image/jpeg";
        if (starts(d, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "image/png";
        if (starts(d, 'G', 'I', 'F', '8')) return "image/gif";
        if (starts(d, '%', 'P', 'D', 'F', '-')) return "application/pdf";
        if (d.length >= 12 && d[4] == 'f' && d[5] == 't' && d[6] == 'y' && d[7] == 'p') {
            var brand = new String(d, 8, 4, StandardCharsets.US_ASCII);
            if (List.of("heic", "heix", "hevc", "heim", "heis", "mif1", "msf1").contains(brand)) return "image/heic";
        }
        return null;
    }

    private static boolean starts(byte[] data, int... prefix) {
        if (data.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xFF) != prefix[i]) return false;
        }
        return true;
    }

    private static String fileName(String name) {
        var clean =
                name == null ? "" : name.replaceAll("[\\p{Cntrl}/\\\\\"]", "").strip();
        if (clean.isEmpty()) clean = "attachment";
        return clean.length() > 120 ? clean.substring(clean.length() - 120) : clean;
    }

    private static String jpegName(String name) {
        var dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".jpg";
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
