package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.conversation.ConversationDesk;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * No Twilio account: the Dev Phone calls Kontrol as a customer and the office does not answer; the customer's thread,
 * open in another browser, shows the missed call and the text back as they happen.
 */
@OnARealPort
class DevPhoneCallBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Autowired
    ConversationDesk desk;

    @Test
    void aMissedCallFromTheDevPhoneShowsInTheThreadWithItsTextBackLive() {
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Dev Caller " + System.nanoTime() % 10_000, List.of(phone), true);
        try (var office = Browser.open(port);
                var caller = Browser.open(port)) {
            office.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            office.go("/customers/" + customer.id() + "/sms");
            office.find("body[data-live=open]");
            caller.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            caller.go("/dev/phone?number=" + phone.e164().replace("+", "%2B"));

            caller.find(".dev-call select").sendKeys("does not answer");
            caller.click(".dev-call button[type=submit]");
            caller.waitForText(".notice", "did not answer");

            office.waitForText("#thread .msg.call", "Missed call");
            office.waitForText("#thread", "Sorry we missed your call");
            caller.waitForText("#phone-thread", "Sorry we missed your call"); // the text back reached the phone
            assertThat(office.console()).isEmpty();
            assertThat(caller.console()).isEmpty();
        } finally {
            desk.close(customer.id(), "admin"); // out of Needs reply, which other tests of this context count
        }
    }
}
