package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.TestStaff;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import java.time.LocalDate;
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

    @Test
    void aRefusedVisitKeepsWhatWasTypedAndOnlyPeopleWithAMobileAreOfferedAsTechnicians() throws Exception {
        var tech = TestStaff.add(
                port, "keeps", "Kay Keeps", TestCustomers.newPhone().e164());
        var office = TestStaff.add(port, "office", "Otto Office", null);
        var customer = customers.add("Typed Twice Tina", List.of(TestCustomers.newPhone()), true);
        var job = desk.open(customer.id(), "Clear the drain", "admin");
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/jobs/" + job.id());
            browser.waitUntilVisible("#new-visit");
            assertThat(options(browser)).contains(tech).doesNotContain(office);

            var day = LocalDate.now().plusDays(2).toString();
            browser.script("document.getElementById('visit-date').value = '" + day + "';"
                    + "document.getElementById('visit-start').value = '15:00';"
                    + "document.getElementById('visit-end').value = '14:00';"
                    + "document.getElementById('visit-technician').value = '" + tech + "';");
            browser.click("#new-visit button[type=submit]");

            browser.waitForText("#visits .error", "The window must end after it starts");
            assertThat(browser.script("return ['visit-date', 'visit-start', 'visit-end', 'visit-technician']"
                            + ".map(id => document.getElementById(id).value)"))
                    .isEqualTo(List.of(day, "15:00", "14:00", tech));
            assertThat(browser.console()).isEmpty();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> options(Browser browser) {
        return (List<String>)
                browser.script("return [...document.querySelectorAll('#visit-technician option')].map(o => o.value)");
    }
}
