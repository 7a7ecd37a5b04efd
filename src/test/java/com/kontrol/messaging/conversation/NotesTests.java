package com.kontrol.messaging.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** Internal notes: in the thread for the team, never sent to Twilio, never an answer; a mention reaches Mine. */
@KontrolTest
@WithTwilioStandIn
class NotesTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Conversations conversations;

    @Autowired
    TwilioStandIn twilio;

    @Test
    void aNoteIsListedInTheThreadButNeverSentAndNeverAnAnswer() throws Exception {
        var customer = customer("Noted Customer");
        text(customer, "the boiler makes a noise");
        mvc.perform(post("/api/v1/customers/" + customer.id() + "/notes")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\":\"Probably the pump: bring a spare\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.direction").value("note"))
                .andExpect(jsonPath("$.sentBy").value("admin"));
        mvc.perform(get("/api/v1/customers/" + customer.id() + "/messages").with(Staff.admin()))
                .andExpect(jsonPath("$.messages[1].direction").value("note"))
                .andExpect(jsonPath("$.messages[1].body").value("Probably the pump: bring a spare"));

        var page = mvc.perform(post("/customers/" + customer.id() + "/sms")
                        .with(Staff.dana())
                        .with(csrf())
                        .header("HX-Request", "true")
                        .param("body", "Called them, no answer")
                        .param("note", "true"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Note by dana (not sent)").contains("msg note");

        // time enough for the outbox worker, were a note ever in it
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofMillis(300).plusSeconds(5))
                .untilAsserted(() -> assertThat(twilio.sendsTo(
                                customer.primaryPhone().orElseThrow().e164()))
                        .isEmpty());
        assertThat(conversations.find(customer.id(), "admin").orElseThrow().waitingSince())
                .isNotNull(); // still waiting for an answer
    }

    @Test
    void aMentionShowsTheConversationInTheirMineUntilTheyOpenIt() throws Exception {
        var sam = account();
        var customer = customer("Mentioned Customer");
        text(customer, "can someone call me back?");
        mvc.perform(post("/api/v1/customers/" + customer.id() + "/notes")
                        .with(user("dana").roles("STAFF"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\":\"@" + sam + " can you call them? (cc @nobody-of-ours)\"}"))
                .andExpect(status().isCreated());

        var mine = conversations.page(ConversationView.MINE, sam, null, 100);
        assertThat(mine)
                .filteredOn(r -> r.customerId() == customer.id())
                .singleElement()
                .satisfies(r -> assertThat(r.mentioned()).isTrue());
        assertThat(conversations.page(ConversationView.MINE, "dana", null, 100))
                .noneMatch(r -> r.customerId() == customer.id());

        mvc.perform(get("/customers/" + customer.id() + "/sms").with(user(sam).roles("STAFF")))
                .andExpect(status().isOk());
        assertThat(conversations.page(ConversationView.MINE, sam, null, 100))
                .noneMatch(r -> r.customerId() == customer.id());
    }

    @Test
    void anEmptyOrOverlongNoteIsRefusedWithTheReason() throws Exception {
        var customer = customer("Refused Note");
        mvc.perform(post("/api/v1/customers/" + customer.id() + "/notes")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\":\"   \"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value("Type the note first."));
        mvc.perform(post("/api/v1/customers/" + customer.id() + "/notes")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\":\"" + "n".repeat(ThreadNotes.MAX_LENGTH + 1) + "\"}"))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(post("/api/v1/customers/987654321/notes")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\":\"hello\"}"))
                .andExpect(status().isNotFound());
    }

    private Customer customer(String name) {
        return customers.add(name + " " + System.nanoTime(), List.of(TestCustomers.newPhone()), true);
    }

    private void text(Customer customer, String body) throws Exception {
        new Webhooks(mvc)
                .inbound(Webhooks.text(
                        Webhooks.newSid(), customer.primaryPhone().orElseThrow().e164(), body))
                .andExpect(status().isOk());
    }

    private String account() throws Exception {
        var name = "sam-" + System.nanoTime();
        mvc.perform(post("/api/v1/users")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + name + "\",\"name\":\"Sam\",\"password\":\"copper pipe wrench"
                                + " 42\",\"role\":\"staff\"}"))
                .andExpect(status().isCreated());
        return name;
    }
}
