package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.TestDatabase;
import com.kontrol.TwilioStandIn;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import com.kontrol.messaging.Messages;
import com.kontrol.phone.PhoneNumber;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Steps 3 and 4 in a real browser: open the SMS tab, reply with a shortcode, watch the reply turn "delivered" when
 * Twilio reports it, and see the customer's answer arrive without reloading the page.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "kontrol.twilio.account-sid=" + TwilioStandIn.SID,
            "kontrol.twilio.auth-token=" + TwilioStandIn.TOKEN,
            "kontrol.twilio.phone-number=" + TwilioStandIn.NUMBER,
            "kontrol.sms.messages-per-second=0"
        })
class SmsTabBrowserTests {

    static final TwilioStandIn twilio = new TwilioStandIn();

    @DynamicPropertySource
    static void twilioApi(DynamicPropertyRegistry registry) {
        registry.add("kontrol.twilio.api-base-url", twilio::baseUrl);
    }

    @AfterAll
    static void stop() {
        twilio.close();
    }

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
        var customer = customers.add("Grace Hopper", List.of(PhoneNumber.ofE164("+14155550161")), true);
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
            await().atMost(Duration.ofSeconds(10)).until(() -> !twilio.sends().isEmpty());
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
                                    "+14155550161",
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
            browser.find("#body")
                    .sendKeys(org.openqa.selenium.Keys.chord(
                            org.openqa.selenium.Keys.SHIFT, org.openqa.selenium.Keys.ENTER));
            browser.find("#body").sendKeys("line two, {{first_name}}" + org.openqa.selenium.Keys.ENTER);
            browser.waitForText("#thread", "Line one\nline two, Grace");
        }
    }

    /** Posts a webhook call to Kontrol, signed as Twilio signs it. */
    private int post(String path, Map<String, String> params) throws Exception {
        var url = "http://localhost:" + port + path;
        var data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        var mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(TwilioStandIn.TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        var signature =
                Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        var form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
