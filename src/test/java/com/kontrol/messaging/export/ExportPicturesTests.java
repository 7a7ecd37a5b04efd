package com.kontrol.messaging.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** An export's pictures are scaled to fit 800 pixels and limited in number, so a thread of photos fits in memory. */
class ExportPicturesTests {

    @Test
    void aLargePhotoIsScaledToFitAndPastTheLimitPicturesAreNotEmbedded() throws Exception {
        var pictures = new ExportPictures();
        var uri = pictures.embed(png(4000, 3000)).orElseThrow();
        var bytes = Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1));
        var scaled = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(uri).startsWith("data:image/jpeg;base64,");
        assertThat(scaled.getWidth()).isEqualTo(800);
        assertThat(scaled.getHeight()).isEqualTo(600);
        assertThat(pictures.embed("not a picture".getBytes())).isEmpty();

        var small = png(10, 10);
        for (int i = 1; i < ExportPictures.MAX_PICTURES; i++) {
            assertThat(pictures.embed(small)).isPresent();
        }
        assertThat(pictures.full()).isTrue();
        assertThat(pictures.embed(small)).isEmpty();
    }

    private static byte[] png(int width, int height) throws Exception {
        var out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
