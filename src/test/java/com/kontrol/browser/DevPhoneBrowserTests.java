package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.TestStaff;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import com.kontrol.phone.PhoneNumber;
import com.kontrol.visit.Visits;
import java.net.URLEncoder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * No Twilio account at all: a newcomer texts Kontrol from the Dev Phone as a customer, replies from the SMS tab, and
 * sees the reply arrive on the Dev Phone as delivered. Every hop is the production one: signed webhooks, routing, the
 * outbox, status callbacks, live updates.
 */
@OnARealPort
class DevPhoneBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Test
    void aTwoWayConversationWithNoTwilioAccount() {
        var ada = customers.add("Ada Lovelace", List.of(PhoneNumber.ofE164("+14155550177")), true);
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/dev/phone?number=%2B14155550177");
            browser.waitForText("h2", "(415) 555-0177");
            browser.type("#body", "Hello from my phone");
            browser.click(".reply button[type=submit]");
            browser.waitForText("#phone-thread", "Hello from my phone");

            browser.go("/customers/" + ada.id() + "/sms");
            browser.waitForText("#thread", "Hello from my phone");
            browser.type("#body", "Hi {{first_name}}, we got it");
            browser.click("#reply button[type=submit]");
            browser.waitForText("#thread", "Hi Ada, we got it");
            browser.waitForText("#thread .msg.out .status", "delivered"); // live, through the status webhook

            browser.go("/dev/phone?number=%2B14155550177");
            browser.waitForText("#phone-thread", "Hi Ada, we got it");
            browser.waitForText("#phone-thread", "delivered");
            assertThat(browser.text("nav")).contains("Dev Phone");
        }
    }

    @Autowired
    JobDesk desk;

    @Autowired
    Visits visits;

    @Test
    void aTechnicianTriesOmwFromTheDevPhoneAndSeesKontrolsAnswer() throws Exception {
        var techPhone = TestCustomers.newPhone();
        var tech = TestStaff.add(port, "devomw", "Dev Tech", techPhone.e164());
        var customer = customers.add("Omar Field", List.of(TestCustomers.newPhone()), true);
        var job = desk.open(customer.id(), "Leaking valve", "admin");
        visits.schedule(job.id(), visits.today().toString(), "23:00-24:00", tech, "admin");
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/dev/phone?number=" + URLEncoder.encode(techPhone.e164(), "UTF-8"));
            browser.type("#body", "OMW 20");
            browser.click(".reply button[type=submit]");
            browser.waitForText("#phone-thread", "Kontrol: texted Omar Field that you are on the way, about 20 min.");
            assertThat(browser.text("#phone-thread")).contains("OMW 20"); // the command stays on the phone
        }
    }
}
