package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.customer.Customers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The composer in Chromium: a picture dropped on the reply box, shown, sent and in the thread; a text kept for
 * tomorrow 8:00, and cancelled; a quick reply picked with "/".
 */
@OnARealPort
class ComposerBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    // A 2 × 2 PNG, as a file a person drags from their desktop.
    static final String PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==";

    @Test
    void aPictureDroppedOnTheReplyBoxIsShownSentAndInTheThread() {
        var customer = customers.add("Gets A Picture", List.of(TestCustomers.newPhone()), true);
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/customers/" + customer.id() + "/sms");
            browser.waitUntilLoaded();
            browser.type("#body", "This is the part");
            dropPicture(browser);
            browser.waitUntilVisible("#attachments img");
            assertThat(browser.find("#attachments img").getAttribute("alt")).isEqualTo("Attached: part.png");
            browser.waitForText("#preview", "1 MMS");
            browser.click("#reply button.primary");
            browser.waitUntilVisible("#thread .msg.out .media img");
            assertThat(browser.text("#thread .msg.out")).contains("This is the part");
            assertThat((Boolean) browser.script("var img = document.querySelector('#thread .msg.out .media img');"
                            + " return img.complete && img.naturalWidth === 2;"))
                    .isTrue(); // the thumbnail loads, from Kontrol's own copy
            assertThat(browser.find("#attachments").getText()).isEmpty(); // the box was cleared for the next text
            browser.go("/dev/phone?number="
                    + customer.primaryPhone().orElseThrow().e164().replace("+", "%2B"));
            browser.waitUntilVisible("#phone-thread .media img"); // the sandbox's phone shows it too
            assertThat(browser.console()).isEmpty();
        }
    }

    /** Drops a PNG on the reply box, as a person dragging a file from their desktop does. */
    static void dropPicture(Browser browser) {
        dropFile(
                browser,
                "new File([Uint8Array.from(atob('" + PNG + "'), function (c) { return c.charCodeAt(0); })],"
                        + " 'part.png', {type: 'image/png'})");
    }

    /** Drops the file that {@code file} (a script expression) makes on the reply box, as a person drags one there. */
    static void dropFile(Browser browser, String file) {
        browser.script("var data = new DataTransfer(); data.items.add(" + file + ");"
                + "var box = document.getElementById('body');"
                + "box.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: data}));"
                + "box.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: data}));");
    }

    @Test
    void aQuickReplyIsPickedWithSlashItsBlankFilledInAndSent() {
        var customer = customers.add("Quick Picked", List.of(TestCustomers.newPhone()), true);
        var name = "running late " + System.nanoTime() % 10_000;
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/quick-replies");
            browser.type("#qr-name", name);
            browser.type("#qr-body", "Hi {{first_name}}, we are running late: there {{ask:Arrival window}}.");
            browser.click(".new-quick-reply button[type=submit]");
            browser.waitForText(".notice", "Saved");

            browser.go("/customers/" + customer.id() + "/sms");
            browser.type("#body", "/runn");
            browser.waitUntilVisible("#quick-replies");
            assertThat(browser.text("#quick-replies [aria-selected=true]")).contains(name);
            browser.press(Keys.ENTER); // picks it, does not send
            assertThat(browser.find("#body").getAttribute("value"))
                    .isEqualTo("Hi {{first_name}}, we are running late: there {{ask:Arrival window}}.");
            browser.waitUntilVisible("#ask-fields input");
            browser.waitForText("#preview", "Fill in “Arrival window” first");
            assertThat(browser.text("#reply-error")).isEmpty(); // Enter picked; it did not try to send
            browser.type("#ask-fields input", "between 2 and 3 pm");
            browser.press(Keys.ENTER);
            browser.waitForText("#preview", "Hi Quick, we are running late: there between 2 and 3 pm.");
            // Each preview replaces the one before (they were once appended, one under the other).
            assertThat(browser.script("return document.querySelectorAll('#preview > p').length"))
                    .isEqualTo(2L); // the text and its count
            assertThat(browser.text("#preview")).doesNotContain("Fill in").doesNotContain("/runn");
            browser.click("#reply button.primary");
            browser.waitForText("#thread", "Hi Quick, we are running late: there between 2 and 3 pm.");
            assertThat(browser.console()).isEmpty();
        }
    }

    @Test
    void aTextScheduledForTheNextOpeningIsShownAsScheduledAndCancelled() {
        var customer = customers.add("Tomorrow Morning", List.of(TestCustomers.newPhone()), true);
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/customers/" + customer.id() + "/sms");
            browser.type("#body", "We will be there at 8");
            browser.click("#send-later summary");
            browser.waitUntilVisible("#send-later button[name=sendAt]");
            var tomorrow = browser.find("#send-later button[name=sendAt]:nth-of-type(2)");
            assertThat(tomorrow.getText()).startsWith("Next opening, ").endsWith(" 8:00"); // Monday to Friday, 8 to 5
            tomorrow.click();
            browser.waitForText("#scheduled", "scheduled for"); // below the thread, with the texts still ahead
            assertThat(browser.text("#thread")).doesNotContain("We will be there at 8");
            assertThat(browser.text("#scheduled .msg.out"))
                    .contains("We will be there at 8")
                    .contains("08:00");
            assertThat(browser.find("#body").getAttribute("value")).isEmpty(); // the box was emptied

            browser.click("#scheduled .msg.out button[hx-post$='/cancel']");
            browser.waitForText("#scheduled .msg.out .status", "canceled");
            assertThat(browser.console()).isEmpty();
        }
    }
}
