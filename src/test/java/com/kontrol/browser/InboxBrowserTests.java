package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.inbound.IncomingText;
import com.kontrol.messaging.inbound.MessageIntake;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Communication > Messages in a real browser: dismiss a text, restore it, then assign it to a customer. */
@OnARealPort
class InboxBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    MessageIntake intake;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Test
    void dismissRestoreAndAssignATextFromAnUnknownNumber() {
        var hedy = customers.add("Hedy Lamarr", List.of(), true);
        intake.receive(new IncomingText(
                "SM" + UUID.randomUUID().toString().replace("-", ""),
                "+17075559876",
                "+14155550100",
                "Hi, this is Hedy. Can you come Monday?",
                List.of(),
                null));

        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/communication/messages?view=unassigned");
            browser.waitForText("#conversation-17075559876", "Hi, this is Hedy. Can you come Monday?");
            browser.waitForText("#inbox-badge", "1"); // the live badge in the navigation

            browser.click("#conversation-17075559876 form[action$='/dismiss'] button");
            browser.waitForText(".notice", "dismissed");
            assertThat(browser.text("main")).contains("No unassigned messages.");

            browser.click("a[href='/communication/messages?view=dismissed']");
            browser.waitForText("#conversation-17075559876", "Can you come Monday?");
            browser.click("#conversation-17075559876 form[action$='/restore'] button");
            browser.waitForText(".notice", "back in the inbox");

            browser.go("/communication/messages?view=unassigned");
            // Hedy is suggested: she gave her name in the text.
            browser.waitForText("#conversation-17075559876 .suggestions", "Hedy Lamarr");
            browser.click("#conversation-17075559876 .suggestions button.suggestion");
            browser.waitForText(".notice", "is now Hedy Lamarr's");

            browser.go("/customers/" + hedy.id() + "/sms");
            browser.waitForText("#thread", "Can you come Monday?");
            assertThat(browser.text("main")).contains("were assigned to this customer by admin");
        }
        assertThat(messages.thread(hedy.id(), Long.MAX_VALUE, 5)).hasSize(1);
    }

    @Test
    void aNewNumbersTextAppearsOnTheOpenListAndWhatIsBeingTypedThereStays() {
        var first = TestCustomers.newPhone().e164();
        var second = TestCustomers.newPhone().e164();
        receive(first, "Is anyone there?");
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/communication/messages?view=unassigned");
            browser.waitForText("#conversation-" + first.substring(1), "Is anyone there?");
            browser.find("body[data-live=open]");
            browser.type("#body-" + first.substring(1), "Half-typed answer");

            receive(second, "Do you fix gutters?");

            browser.waitForText("#unassigned-list", "Do you fix gutters?");
            assertThat(browser.find("#body-" + first.substring(1)).getAttribute("value"))
                    .isEqualTo("Half-typed answer");
            assertThat(browser.console()).isEmpty();

            for (var number : List.of(first, second)) { // leaves the inbox as it found it, for the badge above
                browser.click("#conversation-" + number.substring(1) + " form[action$='/dismiss'] button");
                browser.waitForText(".notice", "dismissed");
            }
        }
    }

    private void receive(String from, String body) {
        intake.receive(new IncomingText(
                "SM" + UUID.randomUUID().toString().replace("-", ""), from, "+14155550100", body, List.of(), null));
    }
}
