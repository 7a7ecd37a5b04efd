package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.customer.Customers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An admin adds a staff member on Settings › Team and later disables them while they have a customer's SMS tab open
 * in their own browser: that page goes to the login page by itself, and logging in again is refused.
 */
@OnARealPort
class TeamBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Test
    void aStaffMemberDisabledWhileOnTheSmsTabIsSentToTheLoginPage() {
        var customer = customers.add("Disabled Watcher", List.of(TestCustomers.newPhone()), true);
        var username = "leaver" + (System.nanoTime() % 100_000);
        var password = "brass elbow fitting 19";
        try (var admin = Browser.open(port);
                var staff = Browser.open(port)) {
            admin.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            admin.go("/settings/team");
            admin.type("#username", username).type("#displayName", "Lee Leaver").type("#password", password);
            admin.click("form.stacked button[type=submit]");
            admin.waitForText(".notice", "Account \"" + username + "\" created (staff).");

            staff.logIn(username, password);
            staff.go("/customers/" + customer.id() + "/sms");
            staff.waitUntilVisible("#reply");
            staff.find("body[data-live=open]"); // its live stream is open

            admin.go("/settings/team/" + username);
            admin.click("#toggle-enabled");
            admin.waitForText(".notice", username + " is disabled");

            await().atMost(Duration.ofSeconds(10)).until(() -> staff.path().startsWith("/login"));
            staff.waitForText(".notice", "Your session has ended");
            staff.logIn(username, password);
            staff.waitForText(".error", "This account is disabled");
            assertThat(admin.console()).isEmpty();
        }
    }
}
