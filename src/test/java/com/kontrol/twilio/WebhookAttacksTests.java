package com.kontrol.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioSigner;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.messaging.Messages;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The attacks tried on Twilio's webhooks, by anyone who can reach them: a forged signature, a call signed for another
 * host or path, a signed call whose words were changed on the way, the same signed call replayed, and a flood of
 * forged calls. Each is refused (403) or taken once; a refusal is counted and logged with its reason, never with the
 * token. (Malformed input behind a valid signature: {@link WebhookBadInputTests}.)
 */
@KontrolTest
@WithTwilioStandIn
@ExtendWith(OutputCaptureExtension.class)
class WebhookAttacksTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    WebhookRejections rejections;

    @Autowired
    Messages messages;

    @Test
    void aRefusalIsCountedAndLoggedWithTheCheckedUrlButNeverTheToken(CapturedOutput output) throws Exception {
        inAFreshSecond(); // earlier refusals may have spent this second's log lines
        var sid = Webhooks.newSid();
        var params = Webhooks.text(sid, "+14155550118", "forged");
        mvc.perform(Webhooks.unsigned(Webhooks.INBOUND, params).header("X-Twilio-Signature", "Zm9yZ2Vk"))
                .andExpect(status().isForbidden());
        assertThat(meters.counter("kontrol.twilio.webhook.rejected", "reason", "bad_signature")
                        .count())
                .isGreaterThanOrEqualTo(1);
        var last = rejections.last().orElseThrow();
        assertThat(last.reason()).isEqualTo(WebhookRejections.Reason.BAD_SIGNATURE);
        assertThat(last.checkedUrl()).isEqualTo("http://localhost/api/webhooks/twilio/inbound");
        assertThat(output.getAll()).contains("Refused a Twilio webhook").doesNotContain(TwilioStandIn.TOKEN);
        assertThat(messages.findBySid(sid)).isEmpty();
    }

    @Test
    void aSignedCallWhoseWordsWereChangedOnTheWayIsRefused() throws Exception {
        var sid = Webhooks.newSid();
        var signedFor = Webhooks.text(sid, TestCustomers.newPhone().e164(), "See you at 9");
        var tampered = new HashMap<>(signedFor);
        tampered.put("Body", "STOP");
        mvc.perform(Webhooks.unsigned(Webhooks.INBOUND, tampered)
                        .header(
                                "X-Twilio-Signature",
                                TwilioSigner.sign(TwilioStandIn.TOKEN, Webhooks.BASE + Webhooks.INBOUND, signedFor)))
                .andExpect(status().isForbidden());
        assertThat(messages.findBySid(sid)).isEmpty();
    }

    @Test
    void theSameSignedCallReplayedIsStoredOnce() throws Exception {
        var customer = TestCustomers.newPhone().e164();
        var sid = Webhooks.newSid();
        var params = Webhooks.text(sid, customer, "Replayed");
        for (int i = 0; i < 5; i++) {
            new Webhooks(mvc).inbound(params).andExpect(status().isOk());
        }
        assertThat(messages.withNumber(customer, 10)).hasSize(1);
    }

    @Test
    void aSignatureMadeForAnotherHostIsRefusedWhenThePublicUrlIsSet() throws Exception {
        var sid = Webhooks.newSid();
        var params = Webhooks.text(sid, TestCustomers.newPhone().e164(), "from staging");
        var staging = "https://staging.example.com" + Webhooks.INBOUND;
        mvc.perform(Webhooks.unsigned(Webhooks.INBOUND, params)
                        .header("X-Forwarded-Host", "staging.example.com")
                        .header("X-Forwarded-Proto", "https")
                        .header("X-Twilio-Signature", TwilioSigner.sign(TwilioStandIn.TOKEN, staging, params)))
                .andExpect(status().isForbidden());
        assertThat(messages.findBySid(sid)).isEmpty();
    }

    @Test
    void xForwardedPrefixCannotChangeThePathTheSignatureIsCheckedFor() throws Exception {
        var sid = Webhooks.newSid();
        var params = Webhooks.text(sid, TestCustomers.newPhone().e164(), "prefixed");
        var prefixed = Webhooks.BASE + "/elsewhere" + Webhooks.INBOUND;
        mvc.perform(Webhooks.unsigned(Webhooks.INBOUND, params)
                        .header("X-Forwarded-Prefix", "/elsewhere")
                        .header("X-Twilio-Signature", TwilioSigner.sign(TwilioStandIn.TOKEN, prefixed, params)))
                .andExpect(status().isForbidden());
        assertThat(rejections.last().orElseThrow().checkedUrl()).isEqualTo(Webhooks.BASE + Webhooks.INBOUND);
        assertThat(messages.findBySid(sid)).isEmpty();
    }

    @Test
    void aFloodOfForgedCallsIsCountedInFullButLoggedAFewTimesASecond(CapturedOutput output) throws Exception {
        var counter = meters.counter("kontrol.twilio.webhook.rejected", "reason", "bad_signature");
        double before = counter.count();
        int logged = lines(output);
        long started = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            var params = Webhooks.text(Webhooks.newSid(), "+15005550001", "flood " + i);
            mvc.perform(Webhooks.unsigned(Webhooks.INBOUND, params).header("X-Twilio-Signature", "Zm9yZ2Vk"))
                    .andExpect(status().isForbidden());
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + 1;
        assertThat(counter.count() - before).isEqualTo(1000);
        assertThat(lines(output) - logged).isBetween(1, (int) (WebhookRejections.LINES_PER_SECOND * (seconds + 1)));
    }

    private static void inAFreshSecond() {
        long now = Instant.now().getEpochSecond();
        await().atMost(Duration.ofSeconds(2)).until(() -> Instant.now().getEpochSecond() > now);
    }

    private static int lines(CapturedOutput output) {
        return output.getAll().split("Refused a Twilio webhook", -1).length - 1;
    }
}
