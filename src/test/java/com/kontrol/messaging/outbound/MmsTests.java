package com.kontrol.messaging.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Messages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;

/**
 * Photos and PDFs out by MMS: Twilio gets a MediaUrl it can fetch without a login until it expires; too much, the
 * wrong kind, or a damaged file is refused and nothing is queued; a HEIC photo goes as a JPEG and a large photo is
 * made smaller; the thread shows it.
 */
@KontrolTest
@WithTwilioStandIn
class MmsTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    JdbcClient jdbc;

    @Test
    void thePictureGoesToTwilioAsAMediaUrlThatWorksWithoutALoginUntilItExpires() throws Exception {
        var customer = customer("Gets A Photo");
        var png = png(40, 30, false);
        mvc.perform(multipart("/api/v1/customers/" + customer.id() + "/messages")
                        .file(new MockMultipartFile("media", "part.png", "image/png", png))
                        .param("body", "This is the valve we will fit")
                        .header("X-Requested-With", "curl") // a form post must say it is no cross-site one
                        .with(Staff.admin()))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.media[0].contentType").value("image/png"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !twilio.sendsTo(phone(customer)).isEmpty());
        var send = twilio.sendsTo(phone(customer)).get(0);
        assertThat(send.get("Body")).isEqualTo("This is the valve we will fit");
        var url = URI.create(send.get("MediaUrl"));
        assertThat(url.getScheme() + "://" + url.getHost()).isEqualTo("http://localhost"); // the public URL
        assertThat(url.getPath()).matches("/media/[A-Za-z0-9_-]{43}");

        var fetched = mvc.perform(get(url.getPath())) // Twilio: no login
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(fetched.getContentType()).isEqualTo("image/png");
        assertThat(fetched.getContentAsByteArray()).isEqualTo(png);

        jdbc.sql("update outbound_media set expires_at = :past where token = :token")
                .param("past", OffsetDateTime.now().minusMinutes(1))
                .param("token", url.getPath().substring("/media/".length()))
                .update();
        mvc.perform(get(url.getPath())).andExpect(status().isNotFound());
        mvc.perform(get(url.getPath()).with(user("dana").roles("STAFF"))).andExpect(status().isOk()); // the thread
        mvc.perform(get("/media/" + "x".repeat(43))).andExpect(status().isNotFound());
    }

    @Test
    void sixMegabytesAnExeOrAHeicIsRefusedSayingWhyAndNothingIsQueued() throws Exception {
        var customer = customer("Too Much");
        var big = new byte[6 * 1024 * 1024];
        new Random(1).nextBytes(big);
        big[0] = (byte) 0xFF;
        big[1] = (byte) 0xD8;
        big[2] = (byte) 0xFF;
        refused(customer, new MockMultipartFile("media", "huge.jpg", "image/jpeg", big), "at most 5 MB in all");
        var exe = new byte[] {'M', 'Z', 0, 0, 1, 2, 3, 4};
        refused(customer, new MockMultipartFile("media", "photo.jpg", "image/jpeg", exe), "is not a picture");
        var heic = new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0};
        refused(customer, new MockMultipartFile("media", "IMG_0001.HEIC", "image/heic", heic), "HEIC photo");
        assertThat(messages.thread(customer.id(), Long.MAX_VALUE, 5)).isEmpty();
        assertThat(twilio.sendsTo(phone(customer))).isEmpty();
    }

    @Test
    void aHeicPhotoFromAnIphoneIsSentAsAJpeg() throws Exception {
        var heic = TestPictures.heic(png(64, 48, true));
        assertThat(Attachments.sniff(heic)).isEqualTo("image/heic");

        var customer = customer("Sends From An iPhone");
        mvc.perform(multipart("/api/v1/customers/" + customer.id() + "/messages")
                        .file(new MockMultipartFile("media", "IMG_0042.HEIC", "image/heic", heic))
                        .header("X-Requested-With", "curl")
                        .with(Staff.admin()))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.media[0].contentType").value("image/jpeg"));
        var stored = storedFile(customer);
        assertThat(Attachments.sniff(stored)).isEqualTo("image/jpeg");
        var image = ImageIO.read(new ByteArrayInputStream(stored));
        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(image.getHeight()).isEqualTo(48);
    }

    @Test
    void aLargePhotoIsMadeSmallerAndSentAsAJpeg() throws Exception {
        var customer = customer("Large Photo");
        var large = png(3000, 2000, true);
        assertThat(large.length).isGreaterThan(Attachments.RELIABLE_BYTES).isLessThan(Attachments.MAX_TOTAL);
        mvc.perform(multipart("/api/v1/customers/" + customer.id() + "/messages")
                        .file(new MockMultipartFile("media", "roof.png", "image/png", large))
                        .header("X-Requested-With", "curl")
                        .with(Staff.admin()))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.media[0].contentType").value("image/jpeg"));
        var stored = storedFile(customer);
        var image = ImageIO.read(new ByteArrayInputStream(stored));
        assertThat(Math.max(image.getWidth(), image.getHeight())).isEqualTo(Attachments.MAX_SIDE);
        assertThat(image.getHeight()).isEqualTo(1067); // the same shape: 2000 × 1600 / 3000, rounded
    }

    @Test
    void theThreadShowsTheSentPictureAndThePreviewCountsOneMms() throws Exception {
        var customer = customer("Sees The Photo");
        var li = mvc.perform(multipart("/customers/" + customer.id() + "/sms")
                        .file(new MockMultipartFile(
                                "media", "quote.pdf", "application/pdf", "%PDF-1.4 quote".getBytes()))
                        .file(new MockMultipartFile("media", "part.png", "image/png", png(10, 10, false)))
                        .param("body", "")
                        .header("HX-Request", "true")
                        .with(user("dana").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        var sent = messages.thread(customer.id(), Long.MAX_VALUE, 1).get(0);
        assertThat(li).contains("/messages/" + sent.id() + "/media/1\"").contains("Attachment 1 (application/pdf)");
        mvc.perform(get("/messages/" + sent.id() + "/media/1").with(user("dana").roles("STAFF")))
                .andExpect(status().isFound())
                .andExpect(MockMvcResultMatchers.header()
                        .string("Location", Matchers.matchesPattern("/media/[A-Za-z0-9_-]{43}")));

        mvc.perform(post("/customers/" + customer.id() + "/sms/preview")
                        .param("body", "")
                        .param("mediaCount", "2")
                        .with(user("dana").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(MockMvcResultMatchers.content()
                        .string(Matchers.containsString("0 characters and 2 files · 1 MMS")));
    }

    @Test
    void filesAreNotDroppedFromATextSentLaterItIsRefusedSayingWhy() throws Exception {
        var customer = customer("Later With A Photo");
        var answer = mvc.perform(multipart("/customers/" + customer.id() + "/sms")
                        .file(new MockMultipartFile("media", "part.png", "image/png", png(10, 10, false)))
                        .param("body", "the part, tomorrow")
                        .param("sendAt", OffsetDateTime.now().plusDays(1).toString())
                        .header("HX-Request", "true")
                        .with(user("dana").roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(answer.getContentAsString()).contains("cannot be sent later yet");
        assertThat(answer.getHeader("HX-Retarget")).isEqualTo("#reply-error");
        assertThat(messages.thread(customer.id(), Long.MAX_VALUE, 5)).isEmpty();
    }

    // --- helpers

    private void refused(Customer customer, MockMultipartFile file, String why) throws Exception {
        mvc.perform(multipart("/api/v1/customers/" + customer.id() + "/messages")
                        .file(file)
                        .param("body", "see attached")
                        .header("X-Requested-With", "curl")
                        .with(Staff.admin()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString(why)));
    }

    /** The one file kept for the customer's text, as Kontrol stored it (and serves it to Twilio). */
    private byte[] storedFile(Customer customer) {
        return jdbc.sql("select data from outbound_media m join messages t on t.id = m.message_id"
                        + " where t.customer_id = :id")
                .param("id", customer.id())
                .query(byte[].class)
                .single();
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }

    private static String phone(Customer customer) {
        return customer.primaryPhone().orElseThrow().e164();
    }

    /** A PNG of that size; with noise in its top left 600 × 400, it compresses badly there (as a photo does). */
    private static byte[] png(int width, int height, boolean noise) throws Exception {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, noise && x < 600 && y < 400 ? random.nextInt(0xFFFFFF) : 0x3366CC);
            }
        }
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
