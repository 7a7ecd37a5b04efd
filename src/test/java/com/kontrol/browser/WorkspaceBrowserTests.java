package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.TestStaff;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.conversation.ConversationDesk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dispatcher's workspace, as two people use it: the list, a thread and its customer on one screen, opened in place;
 * each sees who else is in the thread and who types; a reply written after a colleague's asks first; taking a
 * colleague's conversation asks, and tells them. On a phone: the list, then the thread full screen and back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithTwilioStandIn
class WorkspaceBrowserTests {

    // Whether the thread's newest message, the reply box, Send, the open row and the customer card are on screen.
    private static final String GEOMETRY = """
            function inView(el) {
              if (!el) return false;
              var r = el.getBoundingClientRect();
              return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight + 0.5
                  && r.left >= 0 && r.right <= window.innerWidth + 0.5;
            }
            var box = document.getElementById('thread-scroll').getBoundingClientRect();
            var newest = document.querySelector('#thread > li.msg:last-of-type');
            var n = newest.getBoundingClientRect();
            var img = newest.querySelector('img');
            return {
              newestInView: inView(newest) && n.top >= box.top - 0.5 && n.bottom <= box.bottom + 0.5,
              boxInView: inView(document.getElementById('body')),
              sendInView: inView(document.querySelector('#reply button.primary')),
              rowInView: inView(document.querySelector('.conv-row.open')),
              cardInView: inView(document.querySelector('.ws-customer h2')),
              pictureLoaded: !!img && img.complete && img.naturalWidth > 0,
              sideways: document.documentElement.scrollWidth > window.innerWidth
            };
            """;

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    ConversationDesk desk;

    /** This class's customers, whose conversations are closed after each test, passed or not. */
    private final List<Customer> mine = new ArrayList<>();

    /** Other tests of this context count Needs reply: nothing of this one's stays in it, even when it fails. */
    @AfterEach
    void closeConversations() {
        mine.forEach(c -> desk.close(c.id(), "admin"));
    }

    @Test
    void twoDispatchersShareAConversationSideBySideAtLaptopSize() throws Exception {
        var customer =
                customers.add("Wanda Split " + System.nanoTime() % 100_000, List.of(TestCustomers.newPhone()), true);
        var row = "#conversation-" + customer.id();
        var sam = TestStaff.add(port, "sam", "Sam Second", null);
        try (var dana = Browser.open(port);
                var samsBrowser = Browser.open(port)) {
            dana.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            samsBrowser.logIn(sam, TestStaff.PASSWORD);
            for (var b : List.of(dana, samsBrowser)) {
                b.go("/communication/messages?view=all");
                b.viewport(1366, 860);
                b.go("/communication/messages?view=all");
                b.find("body[data-live=open]");
            }

            received(customer, "The gutter came off in the storm", false);
            received(customer, "Here it is", true);
            for (var b : List.of(dana, samsBrowser)) {
                b.waitForText(row, "Here it is"); // in the list without a reload
            }

            // Dana opens it beside the list: the newest message (a picture), the box and Send are on screen at once.
            dana.click(row + " a.conv-open");
            dana.waitForText(".ws-thread-head h2", customer.name());
            assertThat(dana.path()).isEqualTo("/communication/conversations/" + customer.id() + "?view=all");
            dana.find("body[data-live=open]");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Boolean.TRUE.equals(geometry(dana).get("pictureLoaded")));
            assertThat(geometry(dana))
                    .containsEntry("newestInView", true)
                    .containsEntry("boxInView", true)
                    .containsEntry("sendInView", true)
                    .containsEntry("rowInView", true)
                    .containsEntry("cardInView", true)
                    .containsEntry("sideways", false);

            // Sam opens the same one: each sees the other there, then Sam sees Dana typing.
            samsBrowser.click(row + " a.conv-open");
            samsBrowser.waitForText(".ws-thread-head h2", customer.name());
            samsBrowser.find("body[data-live=open]");
            samsBrowser.waitForText("#presence", "admin");
            dana.waitForText("#presence", sam);
            dana.type("#body", "We can fix it this afternoon");
            samsBrowser.waitForText("#presence", "is typing");

            // Dana sends; Sam, who wrote without having read it, is asked before his text goes.
            dana.click("#reply button.primary");
            dana.waitForText("#thread", "We can fix it this afternoon");
            samsBrowser.waitForText("#thread", "We can fix it this afternoon");
            samsBrowser.type("#body", "Someone can come at 4");
            samsBrowser.click("#reply button.primary");
            samsBrowser.waitForText("#reply-error", "admin replied");
            assertThat(samsBrowser.text("#reply-error")).contains("We can fix it this afternoon");
            assertThat(samsBrowser.text("#thread")).doesNotContain("Someone can come at 4");
            samsBrowser.click("#reply-error .send-anyway");
            samsBrowser.waitForText("#thread", "Someone can come at 4");
            dana.waitForText("#thread", "Someone can come at 4");

            // Dana takes it; Sam takes it from her only after saying yes, and she is told.
            dana.click("#conversation-bar .bar-actions button"); // Take
            dana.waitForText("#conversation-bar .owner", "admin");
            samsBrowser.waitForText("#conversation-bar .owner", "admin");
            samsBrowser.click("#conversation-bar .bar-actions button"); // Take
            assertThat(samsBrowser.confirm())
                    .isEqualTo("admin has this conversation. Take it from admin? They will be told.");
            samsBrowser.waitForText("#conversation-bar .owner", sam);
            dana.waitForText(".toasts", sam + " took the conversation with " + customer.name() + " from you.");
            dana.waitForText(".ws-customer", "owner " + sam); // the card beside the thread follows too

            // Leaving the thread (another view of the list) ends Sam's presence for Dana.
            samsBrowser.click(".ws-list nav.inbox-views a[href*='view=mine']");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> dana.text("#presence").isEmpty());
            assertThat(dana.console()).isEmpty();
            assertThat(samsBrowser.console()).isEmpty();
        }
    }

    @Test
    void onAPhoneTheListOpensTheThreadFullScreenWithTheReplyBoxInViewAndBack() throws Exception {
        var customer =
                customers.add("Phil Phone " + System.nanoTime() % 100_000, List.of(TestCustomers.newPhone()), true);
        var row = "#conversation-" + customer.id();
        for (int i = 1; i <= 12; i++) {
            received(customer, "Text " + i + " about the dripping tap in the upstairs bathroom", false);
        }
        try (var phone = Browser.open(port)) {
            phone.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            phone.go("/communication/messages?view=all");
            phone.viewport(390, 844);
            phone.go("/communication/messages?view=all");
            phone.find("body[data-live=open]");

            // Opened in place, the address is the conversation's: Back goes to the list, Forward to the thread again.
            phone.click(row + " a.conv-open");
            phone.waitForText(".ws-thread-head h2", customer.name());
            assertThat(phone.path()).isEqualTo("/communication/conversations/" + customer.id() + "?view=all");
            phone.back();
            phone.waitUntilVisible(row);
            assertThat(phone.path()).isEqualTo("/communication/messages?view=all");
            phone.forward();
            phone.waitForText(".ws-thread-head h2", customer.name());
            phone.find("body[data-live=open]");
            assertThat(phone.find(".ws-list").isDisplayed()).isFalse(); // the thread alone
            assertThat(phone.find(".ws-thread-head .back").isDisplayed()).isTrue();
            await().atMost(Duration.ofSeconds(5)) // the page scrolls once loaded
                    .until(() -> Boolean.TRUE.equals(geometry(phone).get("newestInView")));
            assertThat(geometry(phone))
                    .containsEntry("newestInView", true)
                    .containsEntry("boxInView", true)
                    .containsEntry("sendInView", true)
                    .containsEntry("sideways", false);

            phone.type("#body", "A plumber is on the way"); // answered: out of Needs reply, which other tests count
            phone.click("#reply button.primary");
            phone.waitForText("#thread > li.msg:last-of-type", "A plumber is on the way");

            phone.click(".ws-thread-head .back");
            phone.waitForText(row, "A plumber is on the way");
            assertThat(phone.path()).isEqualTo("/communication/messages?view=all");
            assertThat(phone.console()).isEmpty();
        }
    }

    private Customer customer(String name) {
        var customer = customers.add(name + " " + System.nanoTime() % 100_000, List.of(TestCustomers.newPhone()), true);
        mine.add(customer);
        return customer;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> geometry(Browser browser) {
        return (Map<String, Object>) browser.script(GEOMETRY);
    }

    private void received(Customer customer, String body, boolean withPicture) throws Exception {
        if (withPicture) {
            CustomerTexts.textWithSlowPicture(port, twilio, customer, body);
        } else {
            CustomerTexts.text(port, customer, body);
        }
    }
}
