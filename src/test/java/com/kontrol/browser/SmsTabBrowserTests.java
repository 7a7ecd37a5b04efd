package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import com.kontrol.messaging.Messages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Steps 3 and 4 in a real browser: open the SMS tab, reply with a shortcode, watch the reply turn "delivered" when
 * Twilio reports it, and see the customer's answer arrive without reloading the page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithTwilioStandIn
class SmsTabBrowserTests {

    @Autowired
    TwilioStandIn twilio;

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Autowired
    JobDesk jobs;

    @Autowired
    Messages messages;

    @Test
    void replyWithAShortcodeSeeItDeliveredAndSeeTheAnswerArriveWithoutReload() throws Exception {
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Grace Hopper", List.of(phone), true);
        var job = jobs.open(customer.id(), "Fix the heat pump", "admin");

        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/customers/" + customer.id() + "/sms");
            browser.waitForText("#thread", "No texts with this customer yet.");

            browser.type("#body", "Hi {{first_name}}, job {{job_number}} is booked");
            browser.waitForText("#preview", "Hi Grace, job " + job.number() + " is booked");
            browser.waitForText("#preview", "1 SMS");
            browser.click("#reply button[type=submit]");

            browser.waitForText("#thread", "Hi Grace, job " + job.number() + " is booked");
            assertThat(browser.find("#body").getAttribute("value")).isEmpty();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !twilio.sendsTo(phone.e164()).isEmpty());
            var sent = messages.thread(customer.id(), Long.MAX_VALUE, 5).get(0);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> messages.findById(sent.id()).orElseThrow().sid() != null);
            var sid = messages.findById(sent.id()).orElseThrow().sid();

            // Twilio reports the delivery: the status changes on the open page.
            assertThat(post(
                            "/api/webhooks/twilio/status",
                            Map.of("MessageSid", sid, "MessageStatus", "delivered", "AccountSid", TwilioStandIn.SID)))
                    .isEqualTo(200);
            browser.waitForText("#message-" + sent.id() + " .status", "delivered");

            // The customer answers: it appears without a reload.
            assertThat(post(
                            "/api/webhooks/twilio/inbound",
                            Map.of(
                                    "MessageSid",
                                    "SM" + "a".repeat(32),
                                    "From",
                                    phone.e164(),
                                    "To",
                                    TwilioStandIn.NUMBER,
                                    "Body",
                                    "Thanks, see you then!",
                                    "NumMedia",
                                    "0",
                                    "AccountSid",
                                    TwilioStandIn.SID)))
                    .isEqualTo(200);
            browser.waitForText("#thread", "Thanks, see you then!");

            // Unknown shortcodes are explained in the preview, and sending refuses them.
            browser.type("#body", "Hello {{nickname}}");
            browser.waitForText("#preview", "Unknown shortcode {{nickname}}");

            // Enter sends; Shift+Enter starts a new line.
            browser.type("#body", "Line one");
            browser.find("#body").sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
            browser.find("#body").sendKeys("line two, {{first_name}}" + Keys.ENTER);
            browser.waitForText("#thread", "Line one\nline two, Grace");
        }
    }

    @Test
    void aStopFromTheCustomerShowsTheOptedOutBannerOnTheOpenTabAndAStartTakesItAway() throws Exception {
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Ada Byron", List.of(phone), true);
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/customers/" + customer.id() + "/sms");
            browser.waitForText("#thread", "No texts with this customer yet.");
            assertThat(browser.find("#opted-out").isDisplayed()).isFalse();

            assertThat(post(Webhooks.INBOUND, Webhooks.text(Webhooks.newSid(), phone.e164(), "STOP")))
                    .isEqualTo(200);
            browser.waitUntilVisible("#opted-out");
            browser.waitForText("#opted-out", "Ada Byron has opted out of texts");
            browser.waitForText("#opted-out", "replied STOP");

            assertThat(post(Webhooks.INBOUND, Webhooks.text(Webhooks.newSid(), phone.e164(), "START")))
                    .isEqualTo(200);
            browser.waitUntilHidden("#opted-out");
        }
    }

    /** Posts a webhook call to Kontrol, signed as Twilio signs it. */
    private int post(String path, Map<String, String> params) throws Exception {
        return Webhooks.overHttp(port, path, params);
    }
}
