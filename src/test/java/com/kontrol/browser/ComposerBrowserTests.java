package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.customer.Customers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The composer in Chromium: a text kept for tomorrow 8:00, and cancelled. */
@OnARealPort
class ComposerBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Test
    void aTextScheduledForTomorrowAtEightIsShownAsScheduledAndCancelled() {
        var customer = customers.add("Tomorrow Morning", List.of(TestCustomers.newPhone()), true);
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/customers/" + customer.id() + "/sms");
            browser.type("#body", "We will be there at 8");
            browser.click("#send-later summary");
            browser.waitUntilVisible("#send-later button[name=sendAt]");
            var tomorrow = browser.find("#send-later button[name=sendAt]:nth-of-type(2)");
            assertThat(tomorrow.getText()).isEqualTo("Tomorrow 8:00");
            tomorrow.click();
            browser.waitForText("#thread", "scheduled for");
            assertThat(browser.text("#thread .msg.out"))
                    .contains("We will be there at 8")
                    .contains("08:00");
            assertThat(browser.find("#body").getAttribute("value")).isEmpty(); // the box was emptied

            browser.click("#thread .msg.out button[hx-post$='/cancel']");
            browser.waitForText("#thread .msg.out .status", "canceled");
            assertThat(browser.console()).isEmpty();
        }
    }
}
