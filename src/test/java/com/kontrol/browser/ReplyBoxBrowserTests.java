package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The reply box is always on screen: a long thread whose newest text brings a picture (which loads after the page has
 * opened) opens at its newest message, with the box and its Send button in view, on a laptop and on a phone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithTwilioStandIn
class ReplyBoxBrowserTests {

    // Where a box is, in the window and in the thread's own scrolling box; whether the page scrolls sideways.
    private static final String GEOMETRY = """
            var box = document.getElementById('thread-scroll').getBoundingClientRect();
            function inView(el) {
              var r = el.getBoundingClientRect();
              return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight + 0.5
                  && r.left >= 0 && r.right <= window.innerWidth + 0.5;
            }
            var newest = document.querySelector('#thread > li.msg:last-of-type');
            var n = newest.getBoundingClientRect();
            return {
              newestInView: inView(newest) && n.top >= box.top - 0.5 && n.bottom <= box.bottom + 0.5,
              boxInView: inView(document.getElementById('body')),
              sendInView: inView(document.querySelector('#reply button.primary')),
              pictureLoaded: !!newest.querySelector('img') && newest.querySelector('img').complete
                  && newest.querySelector('img').naturalWidth > 0,
              sideways: document.documentElement.scrollWidth > window.innerWidth,
              viewport: window.innerWidth + 'x' + window.innerHeight,
              positions: [n.top, n.bottom, box.top, box.bottom, window.innerHeight,
                      document.getElementById('thread-scroll').scrollTop,
                      document.getElementById('thread-scroll').scrollHeight,
                      document.getElementById('thread-scroll').clientHeight,
                      document.getElementById('main').scrollTop].join(' ')
            };
            """;

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    JobDesk jobs;

    @Test
    void aLongThreadEndingInAPictureOpensAtItsNewestMessageWithTheReplyBoxInViewOnALaptopAndAPhone() throws Exception {
        var customer = customers.add("Long Thread Picture", List.of(TestCustomers.newPhone()), true);
        for (int i = 1; i <= 30; i++) {
            received(customer, "Text number " + i + " of a long morning about the leaking boiler", false);
        }
        received(customer, "Here is the leak", true);
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            for (var size : List.of(new int[] {1366, 860}, new int[] {390, 844})) {
                browser.go("/customers/" + customer.id() + "/sms");
                browser.viewport(size[0], size[1]);
                browser.go("/customers/" + customer.id() + "/sms");
                browser.waitUntilLoaded();
                browser.waitForText("#thread > li.msg:last-of-type", "Here is the leak");
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> Boolean.TRUE.equals(geometry(browser).get("pictureLoaded")));

                var at = size[0] + "x" + size[1];
                assertThat(geometry(browser))
                        .as(at)
                        .containsEntry("viewport", at)
                        .containsEntry("newestInView", true)
                        .containsEntry("boxInView", true)
                        .containsEntry("sendInView", true)
                        .containsEntry("sideways", false);
            }
            // Answered, it leaves Needs reply (which other tests of this context count).
            browser.type("#body", "Thanks, we are on our way");
            browser.click("#reply button.primary");
            browser.waitForText("#thread > li.msg:last-of-type", "Thanks, we are on our way");
            assertThat(browser.console()).isEmpty();
        }
    }

    @Test
    void aShortThreadOpensWithTheCustomersNameItsTextsAndTheReplyBoxAllOnScreenOnALaptop() throws Exception {
        var customer = customers.add("Short Thread Sam", List.of(TestCustomers.newPhone()), true);
        jobs.open(customer.id(), "Roof leak repair", "admin"); // the reply box asks which job, as the demo's Tom's
        received(customer, "How long will it take?", false);
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/customers/" + customer.id() + "/sms");
            browser.viewport(1366, 860);
            browser.go("/customers/" + customer.id() + "/sms");
            browser.waitForText("#thread > li.msg:last-of-type", "How long will it take?");

            assertThat(geometry(browser))
                    .containsEntry("newestInView", true)
                    .containsEntry("boxInView", true)
                    .containsEntry("sendInView", true);
            assertThat(browser.script("var r = document.querySelector('main h1').getBoundingClientRect();"
                            + " return r.top >= 0 && r.bottom <= window.innerHeight;"))
                    .as("the customer's name")
                    .isEqualTo(true);

            browser.type("#body", "About two hours");
            browser.click("#reply button.primary"); // answered: out of Needs reply, which other tests count
            browser.waitForText("#thread > li.msg:last-of-type", "About two hours");
        }
    }

    /**
     * The live preview comes about 200 ms after one stops typing: had it grown the box, Send would move just as the
     * pointer (or a test's click) reaches it, and the click would land beside it. The text as it will be sent floats
     * over the thread's end while one writes, and goes when one clicks in the thread.
     */
    @Test
    void sendStaysWhereItIsWhileThePreviewComesItsFloatingTextGivesWayToTheThreadAndItsCountIsWholeOnALaptopAndAPhone()
            throws Exception {
        var customer = customers.add("Steady Send", List.of(TestCustomers.newPhone()), true);
        for (int i = 1; i <= 12; i++) { // more than the thread's box holds: the box cannot give way to the preview
            received(customer, "Text " + i + " about the water under the kitchen sink", false);
        }
        received(customer, "Is anyone coming today?", false);
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            for (var size : List.of(new int[] {1366, 860}, new int[] {390, 844})) {
                var at = size[0] + "x" + size[1];
                var workspace = "/communication/conversations/" + customer.id() + "?view=all";
                browser.go(workspace);
                browser.viewport(size[0], size[1]);
                browser.go(workspace);
                browser.waitUntilLoaded();
                browser.waitForText("#thread > li.msg:last-of-type", "Is anyone coming today?");
                var send = sendAt(browser);

                browser.type("#body", "We are on our way");
                browser.waitForText("#preview", "17 characters · 1 SMS");
                assertThat(sendAt(browser)).as(at + ", counted").isEqualTo(send);
                assertThat(browser.script("return document.querySelector('#preview .preview-text')"))
                        .as("a text without shortcodes is not shown twice")
                        .isNull();

                browser.type("#body", "Hi {{first_name}}, " + LONG_REPLY); // a few lines: the box had grown
                browser.waitForText("#preview", "Hi Steady, " + LONG_REPLY);
                assertThat(sendAt(browser))
                        .as(at + ", with the text as it will be sent")
                        .isEqualTo(send);
                assertThat(browser.script(
                                "return document.querySelector('#preview .preview-text').getBoundingClientRect()"
                                        + ".bottom <= document.getElementById('reply').getBoundingClientRect().top"))
                        .as(at + ": that text floats above the box")
                        .isEqualTo(true);
                assertThat(browser.script("var p = document.querySelector('#preview > p.hint');"
                                + " return p.scrollWidth <= p.clientWidth ? 'whole' : 'cut: ' + p.innerText;"))
                        .as(at + ": the count line of a two-segment text")
                        .isEqualTo("whole");
                browser.click("#thread > li.msg:last-of-type .bubble"); // reading the thread puts it away
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> !browser.find("#preview .preview-text").isDisplayed());
            }
            browser.click("#reply button.primary"); // answered: out of Needs reply, which other tests count
            browser.waitForText("#thread > li.msg:last-of-type", "Hi Steady, " + LONG_REPLY);
            assertThat(browser.console()).isEmpty();
        }
    }

    private static final String LONG_REPLY = "we are on our way. The van is about twenty minutes out; the technician"
            + " will call from the gate, so please leave the side door open and keep the dog inside. Thank you!";

    /** Where Send is, and how high the reply box is (which, in a layout with no room to give, moves Send). */
    private static Object sendAt(Browser browser) {
        return browser.script("var r = document.querySelector('#reply button.primary').getBoundingClientRect();"
                + " return 'Send at ' + [r.left, r.top, r.width, r.height] + ', box '"
                + " + document.getElementById('reply').getBoundingClientRect().height + ' high';");
    }

    @Test
    void aNoteShowsNoSmsCount() {
        var customer = customers.add("Note Without Count", List.of(TestCustomers.newPhone()), true);
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/customers/" + customer.id() + "/sms");
            browser.waitUntilLoaded();
            browser.type("#body", "Gate code is 4411");
            browser.waitForText("#preview", "1 SMS");

            browser.click("#note");

            browser.waitForText("#preview", "A note for the team: it is never sent to the customer.");
            assertThat(browser.text("#preview")).doesNotContain("SMS");
        }
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
