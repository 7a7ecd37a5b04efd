package com.kontrol.twilio.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.TestCustomers;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.Approvals;
import com.kontrol.job.JobDesk;
import com.kontrol.messaging.DeliveryStatus;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.phone.NumberConsent;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;

/**
 * The Dev Phone, on a database never connected to Twilio: whoever types a text there is who it is recorded as typed
 * by, on the thread, in the audit log, and in what it decides; never the customer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT) // the Dev Phone posts to the real webhook
@AutoConfigureMockMvc
class DevPhoneTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    JobDesk jobs;

    @Autowired
    Approvals approvals;

    @Autowired
    Messages messages;

    @Autowired
    NumberConsent consent;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aYesTypedOnTheDevPhoneDecidesAsTheDevPhoneForTheSignedInPersonNotAsTheCustomer() throws Exception {
        var customer = customer("Big Job Bea");
        var job = jobs.open(customer.id(), "New boiler", "admin");
        var request = approvals.request(job.id(), "New boiler", new BigDecimal("5000"), "admin");

        type(customer, "YES", "dana");

        var decided = approvals.find(request.id()).orElseThrow();
        assertThat(decided.status()).isEqualTo("approved");
        assertThat(decided.decidedBy()).isEqualTo("Dev Phone for dana").isNotEqualTo(AuditLog.CUSTOMER);
        var text = messages.thread(customer.id(), Long.MAX_VALUE, 10).stream()
                .filter(m -> m.isInbound())
                .findFirst()
                .orElseThrow();
        assertThat(text.sentBy()).isEqualTo("Dev Phone for dana");
        assertThat(jdbc.sql("select actor from audit_events where action = 'approval.decided' and customer_id = :id")
                        .param("id", customer.id())
                        .query(String.class)
                        .list())
                .containsExactly("Dev Phone for dana");
        assertThat(jdbc.sql("select actor from audit_events where action = 'sandbox.texted' and customer_id = :id")
                        .param("id", customer.id())
                        .query(String.class)
                        .list())
                .containsExactly("dana");
        mvc.perform(get("/customers/" + customer.id() + "/sms")
                        .with(user("dana").roles("STAFF")))
                .andExpect(content().string(Matchers.containsString("Dev Phone for dana (a simulation)")));
    }

    @Test
    void aStopTypedOnTheDevPhoneIsRecordedAsTheDevPhoneForThePersonWhoTypedIt() throws Exception {
        var customer = customer("Stop Sam");
        type(customer, "STOP", "dana");
        var optOut =
                consent.optOutOf(customer.primaryPhone().orElseThrow().e164()).orElseThrow();
        assertThat(optOut.by()).isEqualTo("Dev Phone for dana");
    }

    @Test
    void theDevPhoneSaysWhomTextsAreRecordedAs() throws Exception {
        mvc.perform(get("/dev/phone").with(user("dana").roles("STAFF")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("recorded as typed on the Dev Phone by you")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("A simulation."))));
    }

    @Test
    void thePhoneShowsOnlyTheTextsThatLeftKontrolNotOnesScheduledQueuedCancelledOrFailed() throws Exception {
        var customer = customer("Phone Shows Sent");
        var phone = customer.primaryPhone().orElseThrow().e164();
        var at = OffsetDateTime.now().minusMinutes(5);
        for (var status : List.of(
                DeliveryStatus.DELIVERED,
                DeliveryStatus.SCHEDULED,
                DeliveryStatus.QUEUED,
                DeliveryStatus.CANCELED,
                DeliveryStatus.FAILED)) {
            messages.add(Message.queued(
                            customer.id(),
                            null,
                            Sandbox.NUMBER,
                            phone,
                            "Text that is " + status.code(),
                            Sender.person("admin"),
                            at)
                    .withStatus(status));
        }

        mvc.perform(get("/dev/phone/thread")
                        .param("number", phone)
                        .with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Text that is delivered")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("Text that is scheduled"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("Text that is queued"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("Text that is canceled"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("Text that is failed"))));
    }

    private void type(Customer customer, String body, String who) throws Exception {
        mvc.perform(post("/dev/phone")
                        .param("number", customer.primaryPhone().orElseThrow().e164())
                        .param("body", body)
                        .with(user(who).roles("STAFF"))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(MockMvcResultMatchers.flash().attributeCount(0)); // no "Kontrol's webhook answered …"
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }
}
