package com.kontrol.messaging.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.SecondInstance;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.conversation.Conversations;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * "I'll text you tomorrow at 8": a text kept for later goes once at its time (after a restart, with two instances),
 * is checked again then (a STOP meanwhile and nothing goes), can be changed or cancelled until it goes, and does not
 * answer the customer before it has gone.
 */
@KontrolTest
@WithTwilioStandIn
class ScheduledSendTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    ScheduledSends scheduledSends;

    @Autowired
    Conversations conversations;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    @Test
    void aTextScheduledForLaterIsKeptMarkedAndGoesOnceAtItsTimeWithItsShortcodesFilled() throws Exception {
        var customer = customer("Maria Later");
        text(customer, "can you confirm tomorrow?");
        var id = schedule(
                        customer,
                        "Hi {{first_name}}, confirmed for 9",
                        OffsetDateTime.now().plusHours(2))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("scheduled"))
                .andReturn();
        var messageId = JsonMapper.shared()
                .readTree(id.getResponse().getContentAsString())
                .get("id")
                .asLong();
        scheduledSends.releaseDue();
        assertThat(twilio.sendsTo(phone(customer))).isEmpty();
        assertThat(waiting(customer)).isTrue(); // not an answer until it has gone

        dueNow(messageId);
        scheduledSends.releaseDue();
        scheduledSends.releaseDue(); // a second look finds nothing left to send
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !twilio.sendsTo(phone(customer)).isEmpty());
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofMillis(500).plusSeconds(5))
                .untilAsserted(() -> assertThat(twilio.sendsTo(phone(customer)))
                        .extracting(s -> s.get("Body"))
                        .containsExactly("Hi Maria, confirmed for 9"));
        assertThat(waiting(customer)).isFalse();
    }

    @Test
    void aScheduledTextGoesNowhereWhenTheCustomerTextedStopMeanwhileAndTheThreadSaysWhy() throws Exception {
        var customer = customer("Stops Meanwhile");
        var messageId = scheduledId(
                customer, "Reminder: we come at 8", OffsetDateTime.now().plusHours(3));
        text(customer, "STOP");
        dueNow(messageId);
        scheduledSends.releaseDue();
        await().during(Duration.ofMillis(1_000))
                .atMost(Duration.ofMillis(1_000).plusSeconds(5))
                .untilAsserted(() -> assertThat(twilio.sendsTo(phone(customer)))
                        .extracting(s -> s.get("Body"))
                        .doesNotContain("Reminder: we come at 8"));
        var m = messages.findById(messageId).orElseThrow();
        assertThat(m.status()).isEqualTo("failed");
        assertThat(m.errorMessage()).startsWith("Not sent at its time: ").contains("opted out");
        assertThat(page(get("/customers/" + customer.id() + "/sms"))).contains("Not sent at its time: ");
    }

    @Test
    void aScheduledTextIsChangedOrCancelledUntilItGoes() throws Exception {
        var customer = customer("Changes Mind");
        var messageId =
                scheduledId(customer, "See you at 8", OffsetDateTime.now().plusDays(1));
        assertThat(page(get("/messages/" + messageId + "/edit")))
                .contains("See you at 8")
                .contains("datetime-local");
        var later = LocalDateTime.now().plusDays(2).withSecond(0).withNano(0);
        assertThat(page(post("/messages/" + messageId + "/schedule")
                        .param("body", "See you at 9 instead")
                        .param("sendAt", later.toString())))
                .contains("See you at 9 instead")
                .contains("scheduled for");
        assertThat(page(post("/messages/" + messageId + "/schedule")
                        .param("body", "too soon")
                        .param("sendAt", LocalDateTime.now().toString())))
                .contains("at least a minute ahead");
        assertThat(messages.findById(messageId).orElseThrow().body()).isEqualTo("See you at 9 instead");

        api(delete("/api/v1/messages/" + messageId))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("canceled"));
        dueNow(messageId);
        scheduledSends.releaseDue();
        assertThat(twilio.sendsTo(phone(customer))).isEmpty();
        api(delete("/api/v1/messages/" + messageId)).andExpect(status().isConflict());
    }

    @Test
    void aTimeTooSoonTooFarOrNotATimeIsRefusedAndNothingIsKept() throws Exception {
        var customer = customer("Bad Times");
        schedule(customer, "soon", OffsetDateTime.now().plusSeconds(30))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value("Schedule a text at least a minute ahead."));
        schedule(customer, "far", OffsetDateTime.now().plusYears(2)).andExpect(status().isUnprocessableContent());
        api(post("/api/v1/customers/" + customer.id() + "/messages")
                        .content("{\"body\":\"hi\",\"sendAt\":\"tomorrow at 8\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("ISO-8601")));
        assertThat(messages.thread(customer.id(), Long.MAX_VALUE, 10)).isEmpty();
    }

    @Test
    void theComposersSendLaterKeepsTheTextForThePickedTimeInTheBusinessZone() throws Exception {
        var customer = customer("Picked Time");
        var picked = LocalDateTime.now()
                .plusDays(1)
                .withHour(8)
                .withMinute(0)
                .withSecond(0)
                .withNano(0);
        var li = page(post("/customers/" + customer.id() + "/sms")
                .param("body", "We will be there at 8")
                .param("sendAt", "picked")
                .param("sendAtLocal", picked.toString()));
        assertThat(li).contains("scheduled for").contains("Edit").contains("Cancel");
        var kept = messages.thread(customer.id(), Long.MAX_VALUE, 1).get(0);
        assertThat(kept.status()).isEqualTo("scheduled");
        assertThat(page(post("/customers/" + customer.id() + "/sms")
                        .param("body", "a note")
                        .param("note", "true")
                        .param("sendAt", "picked")
                        .param("sendAtLocal", picked.toString())))
                .contains("cannot be sent later");
    }

    @Test
    void aScheduledTextThatCameDueWhileNobodyRanGoesOnceWithTwoInstancesRunning() throws Exception {
        var customer = customer("Due Over A Restart");
        var messageId = scheduledId(
                customer,
                "Good morning, we are on our way",
                OffsetDateTime.now().plusHours(1));
        dueNow(messageId); // as if its time came while the servers were down
        try (var second = SecondInstance.sendingThrough(
                twilio, environment, "kontrol.sms.messages-per-second=0", "kontrol.sms.scheduled-check-millis=500")) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !twilio.sendsTo(phone(customer)).isEmpty());
            // both instances' schedules (every 500 ms here) have looked again, several times
            await().during(Duration.ofMillis(2_000))
                    .atMost(Duration.ofMillis(2_000).plusSeconds(5))
                    .untilAsserted(
                            () -> assertThat(twilio.sendsTo(phone(customer))).hasSize(1));
        }
    }

    // --- helpers

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }

    private static String phone(Customer customer) {
        return customer.primaryPhone().orElseThrow().e164();
    }

    private void text(Customer customer, String body) throws Exception {
        new Webhooks(mvc)
                .inbound(Webhooks.text(Webhooks.newSid(), phone(customer), body))
                .andExpect(status().isOk());
    }

    private boolean waiting(Customer customer) {
        return conversations.find(customer.id(), "admin").orElseThrow().waitingSince() != null;
    }

    private ResultActions schedule(Customer customer, String body, OffsetDateTime at) throws Exception {
        return api(post("/api/v1/customers/" + customer.id() + "/messages")
                .content(JsonMapper.shared().writeValueAsString(Map.of("body", body, "sendAt", at.toString()))));
    }

    private long scheduledId(Customer customer, String body, OffsetDateTime at) throws Exception {
        var answer = schedule(customer, body, at)
                .andExpect(status().isAccepted())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JsonMapper.shared().readTree(answer).get("id").asLong();
    }

    /** Moves a scheduled text's time into the past, as the clock would. */
    private void dueNow(long messageId) {
        jdbc.sql("update messages set next_attempt_at = :at where id = :id")
                .param("at", OffsetDateTime.now().minusSeconds(1))
                .param("id", messageId)
                .update();
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(
                        request.with(user("dana").roles("STAFF")).with(csrf()).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private ResultActions api(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(Staff.admin()).contentType(MediaType.APPLICATION_JSON));
    }
}
