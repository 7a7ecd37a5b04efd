package com.kontrol.messaging.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.TestStaff;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import com.kontrol.messaging.conversation.ConversationDesk;
import com.kontrol.messaging.conversation.ThreadNotes;
import com.kontrol.phone.ConsentSource;
import com.kontrol.phone.NumberConsent;
import com.kontrol.visit.Visits;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** The workspace's customer card: who the customer is, where, what is open for them, and what the team noted. */
@KontrolTest
@WithTwilioStandIn
class WorkspaceTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    JobDesk jobs;

    @Autowired
    Visits visits;

    @Autowired
    ThreadNotes notes;

    @Autowired
    ConversationDesk desk;

    @Autowired
    NumberConsent consent;

    @Test
    void theCardShowsTheNumbersConsentAddressOpenJobsNextVisitOwnerAndNotes() throws Exception {
        var mobile = TestCustomers.newPhone();
        var old = TestCustomers.newPhone();
        var customer = customers.add("Carla Card", List.of(mobile, old), true, "4 Birch Road, Springfield");
        consent.optOut(old.e164(), ConsentSource.STAFF, "asked on the phone", "dana");
        var job = jobs.open(customer.id(), "Leaking gutter", "dana");
        var tech =
                TestStaff.add(mvc, "card", "Card Tech", TestCustomers.newPhone().e164());
        visits.schedule(job.id(), visits.today().plusDays(2).toString(), "10:00-12:00", tech, "dana");
        new Webhooks(mvc)
                .inbound(Webhooks.text(Webhooks.newSid(), mobile.e164(), "When can you come?"))
                .andExpect(status().isOk());
        notes.add(customer.id(), "Dog in the garden, ring twice", "dana");
        desk.assign(customer.id(), tech, "dana");

        var page = mvc.perform(get("/communication/conversations/" + customer.id())
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        var card = page.substring(page.indexOf("class=\"ws-customer\""));

        assertThat(card)
                .contains("Carla Card")
                .contains("can be texted")
                .contains("opted out ")
                .contains("4 Birch Road, Springfield")
                .contains("https://www.google.com/maps/search/?api=1&amp;query=4%20Birch%20Road,%20Springfield")
                .contains("#" + job.number() + " Leaking gutter")
                .contains("10:00")
                .contains(tech)
                .contains("owner <strong>" + tech + "</strong>")
                .contains("Dog in the garden, ring twice");
        assertThat(page).contains("class=\"conv-row"); // the list beside it
    }

    @Test
    void theCardAloneFollowsTheConversation() throws Exception {
        var customer = customers.add("Carl Card Alone", List.of(TestCustomers.newPhone()), true, null);
        new Webhooks(mvc)
                .inbound(Webhooks.text(
                        Webhooks.newSid(), customer.primaryPhone().orElseThrow().e164(), "Hi"))
                .andExpect(status().isOk());
        var tech = TestStaff.add(mvc, "owner", "Owner Olga", null);
        desk.assign(customer.id(), tech, "dana");

        var card = mvc.perform(get("/communication/conversations/" + customer.id() + "/card")
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(card)
                .startsWith("<aside class=\"ws-customer\"")
                .contains("owner <strong>" + tech + "</strong>")
                .contains("No address yet");
    }

    @Test
    void anUnknownCustomerIs404() throws Exception {
        mvc.perform(get("/communication/conversations/987654321")
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isNotFound());
    }
}
