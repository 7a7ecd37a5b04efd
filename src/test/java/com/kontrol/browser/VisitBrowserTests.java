package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * In real Chromium: the job page loads its Visits section, schedules a visit with the form, and Jobs › Today lists it
 * with the customer, the job and the technician.
 */
@OnARealPort
class VisitBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Autowired
    JobDesk desk;

    @Test
    void aVisitScheduledOnTheJobPageShowsInTodaysDayView() throws Exception {
        var tech = "tech" + (System.nanoTime() % 100_000);
        technician(tech, "+14155550177");
        var customer = customers.add("Day View Dora", List.of(TestCustomers.newPhone()), true);
        var job = desk.open(customer.id(), "Fix the water heater", "admin");
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/jobs/" + job.id());
            browser.waitUntilVisible("#new-visit");
            browser.script("document.getElementById('visit-technician').value = '" + tech + "'");
            browser.click("#new-visit button[type=submit]");
            browser.waitForText(".notice", "08:00-10:00, " + tech + ".");
            browser.waitForText("#visits", "Scheduled");

            browser.click("a[href='/jobs/today']");
            browser.waitForText(".day-visits", "Day View Dora");
            assertThat(browser.text(".day-visits"))
                    .contains("08:00-10:00")
                    .contains("#" + job.number() + " Fix the water heater")
                    .contains(tech);
            assertThat(browser.console()).isEmpty();
        }
    }

    /** A staff member with a mobile number, through the API as an admin's script would add one. */
    private void technician(String username, String mobile) throws Exception {
        var auth = java.util.Base64.getEncoder()
                .encodeToString(
                        ("admin:" + TestDatabase.ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://localhost:" + port + "/api/v1/users"))
                                .header("Authorization", "Basic " + auth)
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\": \"" + username
                                        + "\", \"name\": \"Tess Tech\", \"password\": \"brass elbow fitting 19\","
                                        + " \"role\": \"staff\", \"mobile\": \"" + mobile + "\"}"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }
}
