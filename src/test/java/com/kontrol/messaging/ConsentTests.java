package com.kontrol.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Opt-outs staff can act on: recorded by hand with how the customer said it; a STOP from a number that matches no
 * customer blocks replies from the inbox and moves with the number; the thread's banner says how it came about.
 */
@KontrolTest
@WithTwilioStandIn
class ConsentTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    AuditLog audit;

    @Test
    void aStopFromAnUnknownNumberBlocksInboxRepliesAndMovesWithTheNumber() throws Exception {
        var stranger = TestCustomers.newPhone().e164();
        var webhooks = new Webhooks(mvc);
        webhooks.inbound(Webhooks.text(Webhooks.newSid(), stranger, "who is this?"))
                .andExpect(status().isOk());
        webhooks.inbound(Webhooks.text(Webhooks.newSid(), stranger, "STOP")).andExpect(status().isOk());

        var refused = mvc.perform(post("/communication/messages/" + stranger + "/reply")
                        .with(Staff.dana())
                        .with(csrf())
                        .header("HX-Request", "true")
                        .param("body", "This is Ace Plumbing"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(refused.getHeader("HX-Retarget")).startsWith("#reply-error-");
        assertThat(refused.getContentAsString()).contains("replied STOP on").contains("until it texts START");

        var customer = customers.add("Stopped Stranger", List.of(), true);
        mvc.perform(post("/communication/messages/" + stranger + "/assign")
                        .with(Staff.dana())
                        .with(csrf())
                        .param("customerId", String.valueOf(customer.id())))
                .andExpect(status().is3xxRedirection());
        assertThat(customers.findById(customer.id()).orElseThrow().smsOptedOut())
                .isTrue();
        var thread = html("/customers/" + customer.id() + "/sms");
        assertThat(thread).contains("has opted out of texts").contains("(replied STOP)");
    }

    @Test
    void staffRecordAnOptOutByPhoneWithHowAndTheBannerAndTheLogSayIt() throws Exception {
        var customer = customers.add("Phoned In", List.of(TestCustomers.newPhone()), true);
        mvc.perform(post("/customers/" + customer.id() + "/sms/consent")
                        .with(Staff.dana())
                        .with(csrf())
                        .param("optedOut", "true")
                        .param("reason", "  "))
                .andExpect(flash().attribute(
                                "consentError", "Say how the customer told you (a call, in person, an e-mail…)."));
        assertThat(customers.findById(customer.id()).orElseThrow().smsOptedOut())
                .isFalse();

        mvc.perform(post("/customers/" + customer.id() + "/sms/consent")
                        .with(Staff.dana())
                        .with(csrf())
                        .param("optedOut", "true")
                        .param("reason", "phoned the office: please no texts"))
                .andExpect(flash().attribute("notice", "Recorded: no more texts."));
        assertThat(customers.findById(customer.id()).orElseThrow().smsOptedOut())
                .isTrue();
        assertThat(html("/customers/" + customer.id() + "/sms"))
                .contains("recorded by dana: phoned the office: please no texts");
        assertThat(audit.ofCustomer(customer.id(), AuditAction.OPTOUT_CHANGED, 1))
                .singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo("dana"));

        mvc.perform(post("/customers/" + customer.id() + "/sms/consent")
                        .with(Staff.dana())
                        .with(csrf())
                        .param("optedOut", "false")
                        .param("reason", "asked in person for the reminders again"))
                .andExpect(flash().attribute("notice", "Recorded: texts again."));
        assertThat(customers.findById(customer.id()).orElseThrow().smsOptedOut())
                .isFalse();
    }

    @Test
    void aTextedStopIsShownAsSuchInTheBanner() throws Exception {
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Texted Stop", List.of(phone), true);
        new Webhooks(mvc)
                .inbound(Webhooks.text(Webhooks.newSid(), phone.e164(), "STOP"))
                .andExpect(status().isOk());
        assertThat(html("/customers/" + customer.id() + "/sms")).contains("(replied STOP)");
        assertThat(audit.ofCustomer(customer.id(), AuditAction.OPTOUT_CHANGED, 1))
                .singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo(AuditLog.CUSTOMER));
    }

    private String html(String path) throws Exception {
        return mvc.perform(get(path).with(Staff.dana()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }
}
