package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.TestStaff;
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
        var tech = TestStaff.add(
                port, "tech", "Tess Tech", TestCustomers.newPhone().e164());
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
}
