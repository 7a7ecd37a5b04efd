package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A picture dropped on the reply box reaches Twilio (the stand-in) as a MediaUrl under the public URL; one over the
 * upload limit is refused in the box, which keeps the words and the file.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithTwilioStandIn
class MmsBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Autowired
    TwilioStandIn twilio;

    @Test
    void aDroppedPictureIsShownSentToTwilioAndInTheThread() {
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Picture To Twilio", List.of(phone), true);
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/customers/" + customer.id() + "/sms");
            browser.waitUntilLoaded();
            ComposerBrowserTests.dropPicture(browser);
            browser.waitUntilVisible("#attachments img");
            browser.waitForText("#preview", "1 MMS");
            browser.click("#reply button.primary");
            browser.waitUntilVisible("#thread .msg.out .media img");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !twilio.sendsTo(phone.e164()).isEmpty());
            assertThat(twilio.sendsTo(phone.e164()).get(0).get("MediaUrl"))
                    .matches("http://localhost/media/[A-Za-z0-9_-]{43}");
            assertThat(browser.console()).isEmpty();
        }
    }

    @Test
    void aPictureOverTheLimitIsRefusedInTheBoxBeforeItIsUploadedAndTheTextAndTheFileStay() {
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Picture Too Large", List.of(phone), true);
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/customers/" + customer.id() + "/sms");
            browser.waitUntilLoaded();
            ComposerBrowserTests.dropFile(
                    browser, "new File([new Uint8Array(11 * 1024 * 1024)], 'roof.jpg', {type: 'image/jpeg'})");
            browser.waitUntilVisible("#attachments li");
            browser.type("#body", "The photo of the roof");
            browser.click("#reply button.primary");

            browser.waitForText("#reply-error", "Not sent: the files are too large.");
            assertThat(browser.text("#reply-error")).contains("At most 5 MB");
            assertThat(browser.find("#body").getAttribute("value")).isEqualTo("The photo of the roof");
            assertThat(browser.text("#attachments")).contains("Remove");
            assertThat(twilio.sendsTo(phone.e164())).isEmpty();
            assertThat(browser.console()).as("nothing was uploaded").noneMatch(line -> line.contains("413"));
        }
    }
}
