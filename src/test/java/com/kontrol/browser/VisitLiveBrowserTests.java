package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.TestStaff;
import com.kontrol.TestVisits;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import com.kontrol.messaging.Messages;
import com.kontrol.visit.Visits;
import com.kontrol.web.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * In real Chromium, with the job page open: the customer's texted "C" shows the visit confirmed, and the technician's
 * "OMW 15" from their own phone shows it on the way, without a reload; what the office is typing into the form
 * stays.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithTwilioStandIn
class VisitLiveBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Autowired
    JobDesk desk;

    @Autowired
    Visits visits;

    @Autowired
    Messages messages;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Autowired
    Times times;

    /**
     * The business's zone is one where it is about midday as the tests start: the test needs a visit of today still to
     * come, which a fixed zone has none of in its last hour.
     */
    @DynamicPropertySource
    static void middayThere(DynamicPropertyRegistry registry) {
        int hour = OffsetDateTime.now(ZoneOffset.UTC).getHour();
        registry.add(
                "kontrol.time-zone",
                () -> ZoneOffset.ofHours(Math.floorMod(24 - hour, 24) - 12).getId());
    }

    @Test
    void aTextedConfirmationAndAnOmwFromTheFieldArriveLiveOnTheJobPage() throws Exception {
        var techPhone = TestCustomers.newPhone().e164();
        var tech = TestStaff.add(port, "live", "Lee Live", techPhone);
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Live Liv", List.of(phone), true);
        var job = desk.open(customer.id(), "Service the boiler", "admin");
        // The reminder goes only before the visit begins, and "OMW" names today's visit: one this afternoon.
        assertThat(LocalTime.now(clock.withZone(times.zone()))).isBefore(LocalTime.of(15, 0));
        var visit = visits.schedule(job.id(), visits.today().toString(), "15:00-16:00", tech, "admin");
        TestVisits.sendReminderNow(jdbc, messages, visit.id());

        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/jobs/" + job.id());
            browser.waitForText("#visit-list", "Scheduled");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "open".equals(browser.script("return document.body.getAttribute('data-live')")));
            // someone is booking the next visit meanwhile (a reload of the whole section would put back 08:00)
            browser.script("document.getElementById('visit-start').value = '09:30'");

            assertThat(Webhooks.overHttp(port, Webhooks.INBOUND, Webhooks.text(Webhooks.newSid(), phone.e164(), "C")))
                    .isEqualTo(200);
            browser.waitForText("#visit-list", "Confirmed by the customer");
            assertThat(browser.text("#visit-list")).contains("by text");

            assertThat(Webhooks.overHttp(port, Webhooks.INBOUND, Webhooks.text(Webhooks.newSid(), techPhone, "OMW 15")))
                    .isEqualTo(200);
            browser.waitForText("#visit-list", "On the way");
            assertThat(browser.script("return document.getElementById('visit-start').value"))
                    .isEqualTo("09:30");
            assertThat(browser.console()).isEmpty();
        }
    }
}
