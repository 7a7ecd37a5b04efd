package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.TestHours;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Your profile › Alerts in a real browser: with Chromium's permission for notifications granted, a customer's text
 * arriving while Kontrol shows another page raises a notification.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithTwilioStandIn
class AlertBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    /** The customer this test texted from: the context is shared, and other tests count the conversations waiting. */
    Long texted;

    @AfterEach
    void usualHoursAgainAndNothingLeftWaiting() throws Exception {
        hours(TestHours.USUAL);
        if (texted != null) {
            var close = api("/api/v1/conversations/" + texted + "/close")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build();
            assertThat(HttpClient.newHttpClient()
                            .send(close, HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void withNotificationsAllowedATextArrivingWhileAnotherPageIsOpenRaisesANotification() throws Exception {
        hours(TestHours.ALL_WEEK);
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Notified Nora", List.of(phone), true);

        try (var browser = Browser.open(port)) {
            texted = customer.id(); // once there is a browser to text with (without one, the test is skipped)
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD).allowNotifications();
            browser.go("/profile/alerts");
            browser.waitForText("#notification-permission", "Allowed in this browser.");
            if (!browser.find("input[name=browser]").isSelected()) {
                browser.click("input[name=browser]");
            }
            browser.click("form.stacked button[type=submit]");
            browser.waitForText(".notice", "Saved.");
            assertThat(browser.find("input[name=browser]").isSelected()).isTrue();

            browser.go("/customers");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "open".equals(browser.script("return document.body.getAttribute('data-live')")));
            var sid = Webhooks.newSid();
            assertThat(post(Webhooks.INBOUND, Webhooks.text(sid, phone.e164(), "The boiler is making a noise")))
                    .isEqualTo(200);

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> String.valueOf(browser.script("return document.body.getAttribute('data-last-alert')"))
                            .startsWith("kontrol-customer-" + customer.id() + " "));
            assertThat(browser.path()).isEqualTo("/customers"); // no reload: the page that was open
        }
    }

    private void hours(String body) throws Exception {
        var request = api("/api/v1/settings/business-hours")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(("admin:" + TestDatabase.ADMIN_PASSWORD)
                                                .getBytes(StandardCharsets.UTF_8)));
    }

    private int post(String path, Map<String, String> params) throws Exception {
        return Webhooks.overHttp(port, path, params);
    }
}
