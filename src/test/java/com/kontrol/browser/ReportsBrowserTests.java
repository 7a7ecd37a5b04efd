package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.customer.Customers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An owner opens Reports for a day long past that holds known figures (issue 34): three first responses of 1, 5 and 20
 * minutes in business hours (median 5 min, two of three within 15 min), one new conversation; the count of new
 * conversations lists it, and its name opens its thread. Both pages pass axe.
 */
@OnARealPort
class ReportsBrowserTests {

    private static final String DAY = "2024-02-14";

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theFiguresOfASeededDayAndANewConversationFollowedToItsThread() {
        var name = "Valentina Report " + System.nanoTime();
        var customer = customers.add(name, List.of(TestCustomers.newPhone()), true);
        jdbc.sql("delete from report_responses where answered_at >= cast(:day as date)"
                        + " and answered_at < cast(:day as date) + 1")
                .param("day", DAY)
                .update();
        // The day's answers as the rollup keeps them beside the rows (ResponseDays): 1, 5 and 20 minutes, by admin.
        jdbc.sql("delete from report_response_days where day = cast(:day as date)")
                .param("day", DAY)
                .update();
        jdbc.sql("insert into report_response_days (day, kind, username, business_seconds, wall_seconds)"
                        + " values (cast(:day as date), 'first', 'admin', array[60, 300, 1200], array[60, 300, 1200])")
                .param("day", DAY)
                .update();
        jdbc.sql("delete from report_events where at >= cast(:day as date) - 1 and at < cast(:day as date) + 2")
                .param("day", DAY)
                .update();
        for (int minutes : new int[] {1, 5, 20}) {
            jdbc.sql("""
                            insert into report_responses (customer_id, message_id, username, kind, waited_since,
                                                          answered_at, wall_seconds, business_seconds)
                            values (:customer, 0, 'admin', 'first', cast(:day as date) + time '12:00' - make_interval(mins => :minutes),
                                    cast(:day as date) + time '12:00', :seconds, :seconds)
                            """)
                    .param("customer", customer.id())
                    .param("day", DAY)
                    .param("minutes", minutes)
                    .param("seconds", minutes * 60)
                    .update();
        }
        jdbc.sql(
                        "insert into report_events (at, kind, customer_id) values (cast(:day as date) + time '12:00', 'opened', :c)")
                .param("day", DAY)
                .param("c", customer.id())
                .update();

        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/reports?range=custom&from=" + DAY + "&to=" + DAY + "&hours=business");
            browser.waitForText("h1", "Reports");
            var first = browser.text(".figures tbody tr:first-child");
            assertThat(first)
                    .contains("First response")
                    .contains("3")
                    .contains("5 min")
                    .contains("67%");
            assertThat(browser.accessibilityViolations()).isEmpty();

            browser.click("a[href*='kind=opened']");
            browser.waitForText("h1", "New conversations");
            assertThat(browser.text("main")).contains(name);
            assertThat(browser.accessibilityViolations()).isEmpty();

            browser.click("a[href$='/communication/conversations/" + customer.id() + "']");
            browser.waitForText("#thread, main", name);
            assertThat(browser.path()).isEqualTo("/communication/conversations/" + customer.id());
        }
    }
}
