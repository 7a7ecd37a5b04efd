package com.kontrol.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.messaging.Messages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;

/** Delivery status callbacks: they arrive in any order, and a message's status only ever moves forward. */
@KontrolTest
@WithTwilioStandIn
@RecordApplicationEvents
class StatusCallbackTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    ApplicationEvents events;

    Webhooks webhooks;

    @BeforeEach
    void setUp() {
        webhooks = new Webhooks(mvc);
    }

    @Test
    void statusMovesForwardThroughSentToDelivered() throws Exception {
        var m = sent();
        webhooks.status(Webhooks.status(m.sid(), "sent")).andExpect(status().isOk());
        assertThat(statusOf(m)).isEqualTo("sent");
        webhooks.status(Webhooks.status(m.sid(), "delivered")).andExpect(status().isOk());
        assertThat(statusOf(m)).isEqualTo("delivered");
        assertThat(events.stream(MessageStatusChanged.class)).hasSize(2);
    }

    @Test
    void aLateSentDoesNotOverwriteDelivered() throws Exception {
        var m = sent();
        webhooks.status(Webhooks.status(m.sid(), "delivered")).andExpect(status().isOk());
        webhooks.status(Webhooks.status(m.sid(), "sent")).andExpect(status().isOk());
        webhooks.status(Webhooks.status(m.sid(), "queued")).andExpect(status().isOk());
        assertThat(statusOf(m)).isEqualTo("delivered");
        assertThat(events.stream(MessageStatusChanged.class)).hasSize(1);
    }

    @Test
    void theFirstFinalStatusWins() throws Exception {
        var m = sent();
        webhooks.status(failed(m.sid(), "undelivered", "30003")).andExpect(status().isOk());
        webhooks.status(Webhooks.status(m.sid(), "delivered")).andExpect(status().isOk());
        var stored = messages.findBySid(m.sid()).orElseThrow();
        assertThat(stored.status()).isEqualTo("undelivered");
        assertThat(stored.errorCode()).isEqualTo(30003);
        assertThat(stored.errorMessage()).isEqualTo("Unreachable destination handset");
    }

    @Test
    void error21610MarksTheCustomerOptedOut() throws Exception {
        var m = sent();
        webhooks.status(failed(m.sid(), "failed", "21610")).andExpect(status().isOk());
        assertThat(statusOf(m)).isEqualTo("failed");
        assertThat(customers.findById(m.customerId()).orElseThrow().smsOptedOut())
                .isTrue();
    }

    @Test
    void anUnknownMessageSidGets200AndIsIgnored() throws Exception {
        var sid = Webhooks.newSid();
        webhooks.status(Webhooks.status(sid, "delivered")).andExpect(status().isOk());
        assertThat(messages.findBySid(sid)).isEmpty();
        webhooks.status(Webhooks.status(Webhooks.newSid(), "no-such-status")).andExpect(status().isOk());
    }

    private static Map<String, String> failed(String sid, String status, String code) {
        var p = Webhooks.status(sid, status);
        p.put("ErrorCode", code);
        return p;
    }

    private Message sent() {
        var customer = customers.add("Status Person", List.of(TestCustomers.newPhone()), true);
        return messages.add(InboundWebhookTests.outbound(
                customer.id(), customer.primaryPhone().orElseThrow().e164(), Webhooks.newSid()));
    }

    private String statusOf(Message m) {
        return messages.findBySid(m.sid()).orElseThrow().status();
    }
}
