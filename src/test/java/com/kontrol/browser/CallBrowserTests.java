package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.conversation.ConversationDesk;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A customer's open thread shows their call as it happens: missed, then the voicemail with its player and words. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithTwilioStandIn
class CallBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Autowired
    ConversationDesk desk;

    @Test
    void aMissedCallAndItsVoicemailAppearInTheOpenThreadWithoutAReload() throws Exception {
        var customer = customers.add("Callum Live", List.of(TestCustomers.newPhone()), true);
        var sid = "CA" + UUID.randomUUID().toString().replace("-", "");
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/customers/" + customer.id() + "/sms");
            browser.find("body[data-live=open]");

            voice(
                    "",
                    Map.of(
                            "CallSid",
                            sid,
                            "From",
                            customer.primaryPhone().orElseThrow().e164(),
                            "To",
                            TwilioStandIn.NUMBER));
            browser.waitForText("#thread .msg.call", "Missed call");

            voice(
                    "/recording",
                    Map.of(
                            "CallSid",
                            sid,
                            "RecordingUrl",
                            "https://api.twilio.com/2010-04-01/Accounts/" + TwilioStandIn.SID + "/Recordings/RE"
                                    + "2".repeat(32),
                            "RecordingDuration",
                            "17"));
            voice(
                    "/recording",
                    Map.of(
                            "CallSid",
                            sid,
                            "TranscriptionStatus",
                            "completed",
                            "TranscriptionText",
                            "Please call me back"));

            browser.waitForText("#thread .msg.call", "“Please call me back”");
            assertThat(browser.text("#thread .msg.call")).contains("Voicemail").contains("17 s");
            assertThat(browser.find("#thread .msg.call audio").getAttribute("src"))
                    .endsWith("/media/0");
            assertThat(browser.script("return document.querySelectorAll('.conversation-bar').length"))
                    .isEqualTo(1L); // one strip, whatever the page's fragments hold
            assertThat(browser.console()).isEmpty();
        } finally {
            desk.close(customer.id(), "admin"); // out of Needs reply, which other tests of this context count
        }
    }

    private void voice(String path, Map<String, String> params) throws Exception {
        assertThat(Webhooks.overHttp(port, "/api/webhooks/twilio/voice" + path, params))
                .isEqualTo(200);
    }
}
