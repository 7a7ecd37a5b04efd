package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A person logs in, creates a customer, and finds them in the list. */
@OnARealPort
class CustomerBrowserTests {

    @LocalServerPort
    int port;

    @Test
    void logInCreateACustomerAndSeeItInTheList() {
        try (var browser = Browser.open(port)) {
            browser.go("/customers");
            assertThat(browser.path()).isEqualTo("/login"); // not logged in yet

            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.find("h1");
            assertThat(browser.path()).startsWith("/customers");

            browser.click("a[href='/customers/new']");
            browser.type("#name", "Rosa Browser");
            browser.type("#phone", "555-01"); // a typo first
            browser.click("form.stacked button[type=submit]");
            browser.waitForText("#phone-error", "is not a valid phone number");

            browser.type("#phone", "(415) 555-0191");
            browser.click("form.stacked button[type=submit]");
            browser.waitForText("h1", "Rosa Browser");
            assertThat(browser.text("dl.facts")).contains("(415) 555-0191");

            browser.go("/customers");
            browser.waitForText("#customer-rows", "Rosa Browser");
            browser.type("#q", "0191"); // live search by number
            browser.waitForText("#customer-rows", "Rosa Browser");
        }
    }
}
