package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.Webhooks;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.Job;
import com.kontrol.job.Jobs;
import com.kontrol.messaging.inbound.IncomingText;
import com.kontrol.messaging.inbound.MessageIntake;
import com.kontrol.twilio.sandbox.Sandbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every page, for everyone: axe-core's WCAG 2.1 A and AA rules pass on each page in Chromium (logged in, with a
 * customer who texted, a reply, a note, a job and a text from an unknown number); at 390 px wide the menu folds away
 * and the inbox and the thread fill the screen; and the keyboard alone works the inbox.
 */
@OnARealPort
class AccessibilityBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Autowired
    Jobs jobs;

    Customer customer;
    Job job;
    String unknown;

    @Autowired
    MessageIntake intake;

    @BeforeEach
    void aCustomerWithAJobAndANumberNobodyKnows() {
        customer =
                customers.add("Rosa Accessible " + System.nanoTime() % 10_000, List.of(TestCustomers.newPhone()), true);
        job = jobs.add(customer.id(), "Water heater", "admin");
        unknown = TestCustomers.newPhone().e164();
    }

    /** The customer texted (as did the unknown number), and was answered with a reply and a note. */
    private void aConversation(Browser browser) {
        devPhoneTexts(browser, customer.primaryPhone().orElseThrow().e164(), "My water heater is leaking again");
        devPhoneTexts(browser, unknown, "Is this the plumber?");
        browser.go("/customers/" + customer.id() + "/sms");
        browser.type("#body", "We can come at 9 tomorrow");
        browser.click("#reply button[type=submit]");
        browser.waitForText("#thread", "We can come at 9 tomorrow");
        browser.click("#note");
        browser.type("#body", "Bring the 40 gallon tank");
        browser.click("#reply button[type=submit]");
        browser.waitForText("#thread", "Bring the 40 gallon tank");
    }

    @Test
    void noPageScrollsSidewaysOnAPhoneOrALaptop() {
        var wide = new LinkedHashMap<String, Long>();
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            aConversation(browser);
            for (var size : List.of(new int[] {390, 844}, new int[] {1280, 800})) {
                browser.viewport(size[0], size[1]);
                for (var page : pages().entrySet()) {
                    browser.go(page.getValue());
                    browser.waitUntilLoaded();
                    var width = scrollWidth(browser);
                    if (width > size[0]) {
                        wide.put(page.getKey() + " at " + size[0] + " px", width);
                    }
                }
            }
        }
        assertThat(wide).as("pages wider than the screen").isEmpty();
    }

    @Test
    void everyPagePassesWcag21AaInChromium() {
        var pages = pages();
        var violations = new LinkedHashMap<String, List<String>>();
        try (var browser = Browser.open(port)) {
            check(browser, "login", "/login", violations);
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            aConversation(browser);
            for (var page : pages.entrySet()) {
                check(browser, page.getKey(), page.getValue(), violations);
            }
        }
        try (var customerPhone = Browser.open(port)) {
            check(customerPhone, "portal", "/portal/" + job.portalToken(), violations);
        }
        assertThat(violations).as("WCAG 2.1 AA violations by page").isEqualTo(Map.of());
    }

    @Test
    void myDayPassesWcag21AaOnAPhone() {
        var violations = new LinkedHashMap<String, List<String>>();
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/my-day");
            browser.viewport(390, 844);
            check(browser, "my day at 390 px", "/my-day", violations);
            assertThat(scrollWidth(browser)).isLessThanOrEqualTo(390);
        }
        assertThat(violations).as("WCAG 2.1 AA violations").isEqualTo(Map.of());
    }

    /** Every page a signed-in admin can reach, by name. */
    private Map<String, String> pages() {
        var pages = new LinkedHashMap<String, String>();
        pages.put("customers", "/customers");
        pages.put("new customer", "/customers/new");
        pages.put("customer", "/customers/" + customer.id());
        pages.put("customer edit", "/customers/" + customer.id() + "/edit");
        pages.put("customer jobs", "/customers/" + customer.id() + "/jobs");
        pages.put("sms tab", "/customers/" + customer.id() + "/sms");
        pages.put("conversation", "/communication/conversations/" + customer.id() + "?view=all");
        pages.put("job", "/jobs/" + job.id());
        for (var view : List.of("needs_reply", "mine", "all", "closed", "snoozed", "unassigned", "dismissed")) {
            pages.put("messages " + view, "/communication/messages?view=" + view);
        }
        pages.put("search", "/search?q=water+heater");
        pages.put("quick replies", "/quick-replies");
        pages.put("dev phone", "/dev/phone?number=" + unknown.replace("+", "%2B"));
        pages.put("twilio settings", "/settings/integrations/twilio");
        pages.put("inbox settings", "/settings/inbox");
        pages.put("business hours", "/settings/business-hours");
        pages.put("calls settings", "/settings/calls");
        pages.put("notification settings", "/settings/notifications");
        pages.put("team", "/settings/team");
        pages.put("team member", "/settings/team/admin");
        pages.put("audit log", "/settings/audit");
        pages.put("profile", "/profile");
        pages.put("alerts", "/profile/alerts");
        pages.put("not found", "/customers/987654321");
        pages.put("webhooks settings", "/settings/integrations/webhooks");
        pages.put("retention", "/settings/retention");
        pages.put("today", "/jobs/today");
        pages.put("my day", "/my-day");
        pages.put("reports", "/reports");
        return pages;
    }

    @Test
    void onAPhoneTheMenuFoldsAndTheInboxAndThreadFillTheScreen() {
        intake.receive(new IncomingText(
                Webhooks.newSid(),
                customer.primaryPhone().orElseThrow().e164(),
                Sandbox.NUMBER,
                "My water heater is leaking again",
                List.of(),
                null));
        try (var phone = Browser.open(port)) {
            phone.resize(390, 844);
            phone.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            phone.go("/communication/messages?view=all");
            phone.waitUntilLoaded();
            assertThat(phone.find("#main-menu").isDisplayed()).isFalse();
            assertThat(phone.find(".menu-toggle").getAttribute("aria-expanded")).isEqualTo("false");
            assertThat(width(phone, "#conversation-list")).isGreaterThanOrEqualTo(screen(phone) - 30);
            assertThat(scrollWidth(phone)).isLessThanOrEqualTo(390); // nothing to scroll sideways
            assertThat(phone.text("#conversation-" + customer.id() + " .owner"))
                    .isEqualTo("No owner"); // each card says what its owner is, in words

            phone.click(".menu-toggle");
            phone.waitUntilVisible("#main-menu");
            assertThat(phone.find(".menu-toggle").getAttribute("aria-expanded")).isEqualTo("true");
            assertThat(phone.find("#nav-search-q").isDisplayed()).isTrue();

            phone.go("/customers/" + customer.id() + "/sms");
            phone.waitUntilLoaded();
            assertThat(phone.find("#main-menu").isDisplayed()).isFalse();
            assertThat(width(phone, "#thread-scroll")).isGreaterThanOrEqualTo(screen(phone) - 30);
            assertThat(width(phone, "#body")).isGreaterThanOrEqualTo(screen(phone) - 60);
            assertThat(scrollWidth(phone)).isLessThanOrEqualTo(390);
        }
    }

    @Test
    void theKeyboardAloneMovesOpensTakesAndClosesInTheInbox() {
        var second =
                customers.add("Second Waiting " + System.nanoTime() % 10_000, List.of(TestCustomers.newPhone()), true);
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            devPhoneTexts(browser, second.primaryPhone().orElseThrow().e164(), "Are you open on Sunday?");
            browser.go("/communication/messages?view=all"); // latest activity first: the second customer on top
            browser.find("body[data-live=open]");
            var top = "conversation-" + second.id();
            browser.press("j");
            assertThat(focusedRow(browser)).isEqualTo(top);
            browser.press("t");
            browser.waitForText("#" + top, "admin"); // taken: the owner is shown in the row
            assertThat(focusedRow(browser)).isEqualTo(top); // the list was redrawn; the focus stayed
            browser.press("c");
            browser.waitForText("#" + top, "Reopen"); // closed (All still lists it): the request has been answered
            browser.go("/communication/messages?view=closed");
            browser.waitForText("#conversation-list", second.name());

            browser.go("/communication/messages?view=all");
            browser.press("j");
            browser.press(Keys.ENTER);
            browser.waitForText(".ws-thread-head h2", second.name()); // opened beside the list
            assertThat(browser.path()).isEqualTo("/communication/conversations/" + second.id() + "?view=all");
            assertThat(focusedRow(browser)).isEqualTo(top); // j/k go on from the row that was opened
        }
    }

    private static void check(Browser browser, String name, String path, Map<String, List<String>> violations) {
        browser.go(path);
        browser.waitUntilLoaded();
        var found = browser.accessibilityViolations();
        if (!found.isEmpty()) {
            violations.put(name + " " + path, found);
        }
    }

    private static void devPhoneTexts(Browser browser, String number, String body) {
        browser.go("/dev/phone?number=" + number.replace("+", "%2B"));
        browser.type("#body", body);
        browser.click(".reply button[type=submit]");
        browser.waitForText("#phone-thread", body);
    }

    private static long width(Browser browser, String css) {
        return ((Number) browser.script("return document.querySelector('" + css + "').getBoundingClientRect().width"))
                .longValue();
    }

    /** The page's width inside any scroll bar: what "fills the screen" is measured against (the page's margins aside). */
    private static long screen(Browser browser) {
        return ((Number) browser.script("return document.documentElement.clientWidth")).longValue();
    }

    private static long scrollWidth(Browser browser) {
        return ((Number) browser.script("return document.documentElement.scrollWidth")).longValue();
    }

    private static String focusedRow(Browser browser) {
        return (String) browser.script("var r = document.activeElement.closest('.conv-row'); return r ? r.id : null");
    }
}
