package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.customer.Customers;
import com.kontrol.job.Approvals;
import com.kontrol.job.JobDesk;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every page under the strict Content-Security-Policy (no inline script, handler or style, no eval): Chromium reports
 * no violation on any of them, and the headers that keep portal tokens and frames in are there.
 */
@OnARealPort
class ContentSecurityPolicyBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Autowired
    JobDesk jobs;

    @Autowired
    Approvals approvals;

    @Test
    void noPageBreaksThePolicy() {
        var customer = customers.add("Csp Person", List.of(TestCustomers.newPhone()), true);
        var job = jobs.open(customer.id(), "Check the boiler", "admin");
        approvals.request(job.id(), "New valve", null, "admin");
        var pages = List.of(
                "/customers",
                "/customers/" + customer.id(),
                "/customers/" + customer.id() + "/sms",
                "/customers/" + customer.id() + "/jobs",
                "/jobs/" + job.id(),
                "/communication/messages",
                "/communication/messages?view=unassigned",
                "/communication/messages?view=all",
                "/dev/phone",
                "/settings/integrations/twilio",
                "/settings/team",
                "/settings/notifications",
                "/settings/audit",
                "/profile",
                "/portal/" + job.portalToken());
        var seen = new ArrayList<String>();
        try (var browser = Browser.open(port)) {
            browser.go("/login");
            seen.addAll(browser.console());
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            for (var page : pages) {
                browser.go(page);
                browser.waitUntilLoaded();
                browser.console().forEach(line -> seen.add(page + ": " + line));
            }
            // The reply box still works, and the live preview, without inline handlers.
            browser.go("/customers/" + customer.id() + "/sms");
            browser.type("#body", "Hello {{first_name}}");
            browser.waitForText("#preview", "Hello Csp");
            browser.click("#reply button[type=submit]");
            browser.waitForText("#thread", "Hello Csp");
            assertThat(browser.find("#body").getAttribute("value")).isEmpty();
            browser.console().forEach(line -> seen.add("reply: " + line));
        }
        assertThat(seen).noneMatch(line -> line.contains("Content Security Policy"));
    }
}
