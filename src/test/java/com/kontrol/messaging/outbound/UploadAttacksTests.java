package com.kontrol.messaging.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Messages;
import com.kontrol.web.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The attacks tried on file uploads (the reply box and {@code POST /api/v1/customers/{id}/messages} as multipart),
 * each refused with a 4xx before it costs the server more than reading a header: a few hundred bytes that declare a
 * picture of gigapixels, several at once, the same as a HEIC photo, pictures for a customer that does not exist, and
 * more decodes than the server runs at a time.
 */
@KontrolTest
@WithTwilioStandIn
class UploadAttacksTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Test
    void aTinyJpegDeclaring14000By14000PixelsIsRefusedWith422AndNothingIsQueued() throws Exception {
        var customer = customer("Gets A Bomb");
        var bomb = jpegDeclaring(14000, 14000);
        assertThat(bomb.length).isLessThan(1000);
        refused(customer.id(), bomb, "bomb.jpg")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("14000×14000 pixels")))
                .andExpect(jsonPath("$.error").value(Matchers.containsString("at most 40 megapixels")));
        assertThat(messages.thread(customer.id(), Long.MAX_VALUE, 5)).isEmpty();
    }

    @Test
    void aJpegDeclaring30000By30000PixelsIsRefusedWith422NotAnOutOfMemoryError() throws Exception {
        var customer = customer("Gets A Bigger Bomb");
        refused(customer.id(), jpegDeclaring(30000, 30000), "bigger.jpg")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("megapixels")));
    }

    @Test
    void threeBombsInParallelAreAllRefusedWith422() throws Exception {
        var customer = customer("Gets Three Bombs");
        var bomb = jpegDeclaring(14000, 14000);
        var pool = Executors.newFixedThreadPool(3);
        try {
            var calls = new ArrayList<Callable<Integer>>();
            for (int i = 0; i < 3; i++) {
                calls.add(() -> refused(customer.id(), bomb, "bomb.jpg")
                        .andReturn()
                        .getResponse()
                        .getStatus());
            }
            for (var answer : pool.invokeAll(calls)) {
                assertThat(answer.get()).isEqualTo(422);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPngDeclaringMoreThan40MegapixelsIsRefusedFromTheReplyBoxToo() throws Exception {
        var customer = customer("Gets A Png Bomb");
        var answer = mvc.perform(multipart("/customers/" + customer.id() + "/sms")
                        .file(new MockMultipartFile("media", "wide.png", "image/png", pngDeclaring(40000, 1001)))
                        .param("body", "look")
                        .header("HX-Request", "true")
                        .with(user("dana").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(answer.getContentAsString()).contains("40000×1001 pixels");
        assertThat(messages.thread(customer.id(), Long.MAX_VALUE, 5)).isEmpty();
    }

    @Test
    void aHeicPhotoDeclaring14000By14000PixelsIsRefusedBeforeHeifConvertRuns() throws Exception {
        var heic = TestPictures.heic(png(64, 48));
        var patched = 0;
        for (int i = 4; i + 16 <= heic.length; i++) {
            if (heic[i] == 'i' && heic[i + 1] == 's' && heic[i + 2] == 'p' && heic[i + 3] == 'e') {
                putInt(heic, i + 8, 14000);
                putInt(heic, i + 12, 14000);
                patched++;
            }
        }
        assertThat(patched).isPositive();
        var customer = customer("Gets A Heic Bomb");
        mvc.perform(multipart("/api/v1/customers/" + customer.id() + "/messages")
                        .file(new MockMultipartFile("media", "IMG_1.HEIC", "image/heic", heic))
                        .header("X-Requested-With", "curl")
                        .with(Staff.admin()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("14000×14000 pixels")));
    }

    @Test
    void picturesForACustomerWhoDoesNotExistAreNotEvenRead() throws Exception {
        var damaged = new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3};
        refused(Long.MAX_VALUE - 7, damaged, "damaged.jpg")
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("There is no customer")));
    }

    @Test
    void picturesForACustomerWhoOptedOutAreNotEvenRead() throws Exception {
        var customer = customers.add("Said Stop", List.of(TestCustomers.newPhone()), false);
        var damaged = new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3};
        refused(customer.id(), damaged, "damaged.jpg")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("SMS is disabled")));
    }

    @Test
    void aLargePictureIsDecodedSubsampledToAboutTheSizeItIsSentAt() throws Exception {
        var decoder = new PictureDecoder();
        var decoded = decoder.decode("long.png", png(6400, 400), Attachments.MAX_SIDE);
        assertThat(decoded.declared()).isEqualTo(new PictureDecoder.Size(6400, 400));
        assertThat(decoded.image().getWidth()).isEqualTo(1600); // every 4th pixel
        assertThat(decoded.image().getHeight()).isEqualTo(100);
    }

    @Test
    void whileEveryDecodeSlotIsTakenAnotherPictureIsRefusedSayingTheServerIsBusy() throws Exception {
        var decoder = new PictureDecoder(2, 0);
        decoder.slots.acquire(2);
        assertThatThrownBy(() -> decoder.decode("part.png", png(10, 10), Attachments.MAX_SIDE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("busy");
        decoder.slots.release(2);
        assertThat(decoder.decode("part.png", png(10, 10), Attachments.MAX_SIDE)
                        .image()
                        .getWidth())
                .isEqualTo(10);
    }

    // --- helpers

    private ResultActions refused(long customerId, byte[] file, String name) throws Exception {
        return mvc.perform(multipart("/api/v1/customers/" + customerId + "/messages")
                .file(new MockMultipartFile("media", name, "image/jpeg", file))
                .param("body", "see attached")
                .header("X-Requested-With", "curl")
                .with(Staff.admin()));
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }

    /** A 16×16 JPEG whose start-of-frame header says it is {@code width × height}: what a decompression bomb is. */
    static byte[] jpegDeclaring(int width, int height) throws Exception {
        var out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "jpeg", out);
        var jpeg = out.toByteArray();
        for (int i = 2; i + 9 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) { // SOF0: length, precision, height, width
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("no SOF0 marker");
    }

    /** A 16×16 PNG whose header says it is {@code width × height} (the header's checksum made to match). */
    static byte[] pngDeclaring(int width, int height) throws Exception {
        var png = png(16, 16);
        putInt(png, 16, width); // signature (8), length (4), "IHDR" (4), then width and height
        putInt(png, 20, height);
        var crc = new CRC32();
        crc.update(png, 12, 17);
        putInt(png, 29, (int) crc.getValue());
        return png;
    }

    private static byte[] png(int width, int height) throws Exception {
        var out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    private static void putInt(byte[] data, int at, int value) {
        data[at] = (byte) (value >>> 24);
        data[at + 1] = (byte) (value >>> 16);
        data[at + 2] = (byte) (value >>> 8);
        data[at + 3] = (byte) value;
    }
}
