package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Two staff members, each in their own browser, on Needs reply: a customer texts, and both see the conversation at the
 * top without reloading, with the count; one takes it and replies; it leaves Needs reply for both and shows its owner;
 * the other writes a note that mentions the first, who sees the mention in Mine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithTwilioStandIn
class TeamInboxBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Test
    void aTextAppearsForBothInNeedsReplyAndLeavesItOnceOneTakesAndAnswersIt() throws Exception {
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Rosa Waiting", List.of(phone), true);
        var row = "#conversation-" + customer.id();
        try (var dana = Browser.open(port);
                var sam = Browser.open(port)) {
            dana.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            addStaff(dana, "sam" + (System.nanoTime() % 100_000));
            var samName = dana.text(".notice").replaceAll(".*\"(.+)\".*", "$1");
            sam.logIn(samName, "brass elbow fitting 19");
            for (var b : List.of(dana, sam)) {
                b.go("/communication/messages");
                b.find("body[data-live=open]");
            }

            assertThat(post(Webhooks.text(Webhooks.newSid(), phone.e164(), "My water heater is leaking")))
                    .isEqualTo(200);
            for (var b : List.of(dana, sam)) {
                b.waitForText(row, "My water heater is leaking");
                b.waitForText("nav.inbox-views [data-count=needs-reply]", "1");
                assertThat(b.find("#conversation-list .conv-row").getAttribute("id"))
                        .isEqualTo(row.substring(1)); // at the top
            }

            sam.click(row + " .row-actions button"); // Take
            sam.waitForText(row, samName); // answered (a navigation now would cancel the request)
            sam.go("/customers/" + customer.id() + "/sms");
            sam.type("#reply textarea", "We can come at 2 pm today");
            sam.click("#reply button[type=submit]");
            sam.waitForText("#thread", "We can come at 2 pm today");

            dana.waitUntilHidden(row);
            dana.go("/communication/messages?view=all");
            dana.waitForText(row, samName);
            sam.go("/communication/messages?view=mine");
            sam.waitForText(row, "We can come at 2 pm today");

            // The other adds a note that mentions the first, who sees it marked in Mine without reloading.
            dana.go("/customers/" + customer.id() + "/sms");
            dana.type("#reply textarea", "@" + samName + " bring the 40 gallon tank");
            dana.click("#note");
            dana.click("#reply button[type=submit]");
            dana.waitForText("#thread", "Note by admin (not sent)");
            sam.find(row + ".mentioned");
            assertThat(dana.console()).isEmpty();
            assertThat(sam.console()).isEmpty();
        }
    }

    @Test
    void theCustomerListsUnreadBadgeAppearsWithoutReloading() throws Exception {
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Badge Live " + System.nanoTime() % 100_000, List.of(phone), true);
        try (var dana = Browser.open(port)) {
            dana.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            dana.go("/customers?q=" + customer.name().replace(" ", "+"));
            dana.find("body[data-live=open]");
            assertThat(dana.text("#customer-rows")).doesNotContain("unread");
            assertThat(post(Webhooks.text(Webhooks.newSid(), phone.e164(), "Are you coming today?")))
                    .isEqualTo(200);
            dana.waitForText("#customer-rows", "1 unread");
            assertThat(dana.console()).isEmpty();
        }
    }

    private static void addStaff(Browser admin, String username) {
        admin.go("/settings/team");
        admin.type("#username", username)
                .type("#displayName", "Sam Second")
                .type("#password", "brass elbow fitting 19");
        admin.click("form.stacked button[type=submit]");
        admin.waitForText(".notice", "created");
    }

    private int post(Map<String, String> params) throws Exception {
        return Webhooks.overHttp(port, Webhooks.INBOUND, params);
    }
}
