package com.kontrol.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioSigner;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** Whatever arrives at the webhook, it never answers 500, and what it stores is exactly what was sent. */
@KontrolTest
@WithTwilioStandIn
class WebhookBadInputTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Messages messages;

    Webhooks webhooks;

    @BeforeEach
    void setUp() {
        webhooks = new Webhooks(mvc);
    }

    @Test
    void missingFromOrMessageSidIs400AndStoresNothing() throws Exception {
        var sid = Webhooks.newSid();
        var noFrom = Webhooks.text(sid, "+14155550111", "no sender");
        noFrom.remove("From");
        webhooks.inbound(noFrom).andExpect(status().isBadRequest());
        var noSid = Webhooks.text(sid, "+14155550111", "no sid");
        noSid.remove("MessageSid");
        webhooks.inbound(noSid).andExpect(status().isBadRequest());
        assertThat(messages.findBySid(sid)).isEmpty();
    }

    @Test
    void emptyAndVeryLongBodiesAreStoredAsReceived() throws Exception {
        for (var body : new String[] {"", "x".repeat(1600), "y".repeat(5000)}) {
            var sid = Webhooks.newSid();
            webhooks.inbound(Webhooks.text(sid, "+14155550112", body)).andExpect(status().isOk());
            assertThat(messages.findBySid(sid).orElseThrow().body()).isEqualTo(body);
        }
    }

    @Test
    void htmlSqlAndUnicodeAreStoredExactlyAsSent() throws Exception {
        var body = "<script>alert('x')</script>'; drop table messages; -- 😀 ñ & % + =";
        var sid = Webhooks.newSid();
        webhooks.inbound(Webhooks.text(sid, "+14155550113", body)).andExpect(status().isOk());
        assertThat(messages.findBySid(sid).orElseThrow().body()).isEqualTo(body);
    }

    @Test
    void aNulByteIsKeptVisibleAsAReplacementCharacterRatherThanFailing() throws Exception {
        var sid = Webhooks.newSid();
        webhooks.inbound(Webhooks.text(sid, "+14155550114", "before\u0000after"))
                .andExpect(status().isOk());
        assertThat(messages.findBySid(sid).orElseThrow().body()).isEqualTo("before\uFFFDafter");
    }

    @Test
    void invalidUtf8IsStoredWithReplacementCharacters() throws Exception {
        var sid = Webhooks.newSid();
        var params = Webhooks.text(sid, "+14155550115", "bad \uFFFD byte");
        // The raw body carries the invalid byte 0xFF; the signature covers what it decodes to.
        var form = TwilioSigner.form(params).replace("%EF%BF%BD", "%FF");
        mvc.perform(post(Webhooks.INBOUND)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content(form.getBytes(StandardCharsets.US_ASCII))
                        .header(
                                "X-Twilio-Signature",
                                TwilioSigner.sign(TwilioStandIn.TOKEN, Webhooks.BASE + Webhooks.INBOUND, params)))
                .andExpect(status().isOk());
        assertThat(messages.findBySid(sid).orElseThrow().body()).isEqualTo("bad \uFFFD byte");
    }

    @Test
    void aTextLongerThanTheColumnIsStoredCutWithAMarkerWithOrWithoutMedia() throws Exception {
        for (var withMedia : List.of(false, true)) {
            var sid = Webhooks.newSid();
            var params = Webhooks.text(sid, TestCustomers.newPhone().e164(), "w".repeat(150_000));
            if (withMedia) {
                params.put("NumMedia", "1");
                params.put("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1");
                params.put("MediaContentType0", "image/jpeg");
            }
            webhooks.inbound(params).andExpect(status().isOk());
            var stored = messages.findBySid(sid).orElseThrow().body();
            assertThat(stored).hasSize(Message.MAX_BODY).startsWith("wwww").endsWith("was 150,000 characters long]");
        }
    }

    @Test
    void aOneMegabyteBodyIsRefusedWith413() throws Exception {
        var sid = Webhooks.newSid();
        var params = Webhooks.text(sid, "+14155550116", "z".repeat(1024 * 1024));
        webhooks.inbound(params).andExpect(status().isContentTooLarge());
        assertThat(messages.findBySid(sid)).isEmpty();
    }

    @Test
    void unknownParametersAreSignedAndIgnored() throws Exception {
        var sid = Webhooks.newSid();
        var params = Webhooks.text(sid, "+14155550117", "new fields");
        params.put("SomethingTwilioAddsNextYear", "value");
        params.put("AddOns", "{\"status\":\"successful\"}");
        webhooks.inbound(params).andExpect(status().isOk());
        assertThat(messages.findBySid(sid)).isPresent();
    }

    @Test
    void aMalformedFormBodyIs400() throws Exception {
        mvc.perform(post(Webhooks.INBOUND)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content("Body=%ZZ&From=%")
                        .header("X-Twilio-Signature", "whatever"))
                .andExpect(status().isBadRequest());
        mvc.perform(post(Webhooks.INBOUND)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"Body\":\"json\"}"))
                .andExpect(status().isForbidden());
    }
}
