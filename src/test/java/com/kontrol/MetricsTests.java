package com.kontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Messages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Running in production": an operator scrapes {@code /actuator/prometheus} with the metrics token (or as an admin)
 * and watches texts come in, go out, arrive and fail, the outbox's depth and the refused webhook calls.
 */
@KontrolTest
@WithTwilioStandIn
class MetricsTests {

    static final String PROMETHEUS = "/actuator/prometheus";

    @Autowired
    MockMvc mvc;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    Webhooks webhooks;

    @BeforeEach
    void setUp() {
        webhooks = new Webhooks(mvc);
    }

    @Test
    void theMetricsAreForAdminsAndTheMetricsTokenOnly() throws Exception {
        mvc.perform(get(PROMETHEUS)).andExpect(status().isUnauthorized());
        mvc.perform(get(PROMETHEUS).header("Authorization", "Bearer not-the-token"))
                .andExpect(status().isUnauthorized());
        mvc.perform(get(PROMETHEUS).with(Staff.dana())).andExpect(status().isForbidden());
        mvc.perform(get(PROMETHEUS).with(Staff.admin())).andExpect(status().isOk());
        mvc.perform(get(PROMETHEUS).header("Authorization", "Bearer " + TestDatabase.METRICS_TOKEN))
                .andExpect(status().isOk());
        // The token opens the metrics, nothing else.
        mvc.perform(get("/api/v1/customers").header("Authorization", "Bearer " + TestDatabase.METRICS_TOKEN))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator").header("Authorization", "Bearer " + TestDatabase.METRICS_TOKEN))
                .andExpect(status().isForbidden());
    }

    @Test
    void aReceivedTextCountsOnceHoweverOftenTwilioRetriesIt() throws Exception {
        var before = value("kontrol_texts_received_total");
        var text = Webhooks.text(Webhooks.newSid(), TestCustomers.newPhone().e164(), "Is Tuesday still on?");
        webhooks.inbound(text).andExpect(status().isOk());
        webhooks.inbound(text).andExpect(status().isOk());
        assertThat(value("kontrol_texts_received_total")).isEqualTo(before + 1);
        assertThat(value("kontrol_inbound_group_commit_batch_count")).isPositive();
    }

    @Test
    void aReplyCountsAsSentWithItsTimeInTheQueueThenAsDelivered() throws Exception {
        twilio.acceptMessages();
        var sentBefore = value("kontrol_texts_sent_total");
        var timedBefore = value("kontrol_outbox_queue_to_accepted_seconds_count");
        var deliveredBefore = value("kontrol_texts_delivered_total");
        var customer = customer("Metrics Sent");
        long id = reply(customer, "On our way");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages.findById(id).orElseThrow().sid() != null);
        // At least this one: texts of other tests in this context may be sent meanwhile.
        assertThat(value("kontrol_texts_sent_total")).isGreaterThanOrEqualTo(sentBefore + 1);
        assertThat(value("kontrol_outbox_queue_to_accepted_seconds_count")).isGreaterThanOrEqualTo(timedBefore + 1);

        var sid = messages.findById(id).orElseThrow().sid();
        webhooks.status(Webhooks.status(sid, "delivered")).andExpect(status().isOk());
        assertThat(value("kontrol_texts_delivered_total")).isGreaterThanOrEqualTo(deliveredBefore + 1);
    }

    @Test
    void anUndeliveredTextCountsByTheClassOfItsErrorCode() throws Exception {
        twilio.acceptMessages();
        var failed = "kontrol_texts_failed_total{application=\"kontrol\",error_class=\"300xx\"}";
        var before = value(failed);
        var customer = customer("Metrics Undelivered");
        long id = reply(customer, "Your part is in");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages.findById(id).orElseThrow().sid() != null);
        var report = Webhooks.status(messages.findById(id).orElseThrow().sid(), "undelivered");
        report.put("ErrorCode", "30007");
        webhooks.status(report).andExpect(status().isOk());
        assertThat(value(failed)).isEqualTo(before + 1);
    }

    @Test
    void aForgedWebhookCallIsCountedByItsReason() throws Exception {
        var forged = "kontrol_twilio_webhook_rejected_total{application=\"kontrol\",reason=\"bad_signature\"}";
        var before = value(forged);
        mvc.perform(Webhooks.unsigned(Webhooks.INBOUND, Webhooks.text(Webhooks.newSid(), "+14155550199", "hi"))
                        .header("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl"))
                .andExpect(status().isForbidden());
        assertThat(value(forged)).isEqualTo(before + 1);
    }

    @Test
    void theOutboxDepthAndTheOldestWaitAreRead() throws Exception {
        // Twilio unreachable: the text stays queued, retried later.
        twilio.server()
                .stubFor(WireMock.post(TwilioStandIn.MESSAGES)
                        .willReturn(TwilioStandIn.error(503, 20500, "Service unavailable")));
        var customer = customer("Metrics Queued");
        long id = reply(customer, "Queued while Twilio is down");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> twilio.sendsTo(phone(customer)).size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> value("kontrol_outbox_depth") >= 1);
        assertThat(value("kontrol_outbox_oldest_age_seconds")).isGreaterThanOrEqualTo(0);
        messages.findById(id).orElseThrow(); // still there, still queued
        assertThat(messages.findById(id).orElseThrow().status()).isEqualTo("queued");
        assertThat(scrape()).contains("kontrol_live_streams{", "kontrol_inbound_group_commit_wait_seconds");
    }

    private long reply(Customer customer, String body) throws Exception {
        var json = mvc.perform(post("/api/v1/customers/" + customer.id() + "/messages")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(JsonMapper.shared().writeValueAsString(Map.of("body", body))))
                .andExpect(status().isAccepted())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return Long.parseLong(json.replaceAll(".*\"id\":(\\d+).*", "$1"));
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }

    private static String phone(Customer customer) {
        return customer.primaryPhone().orElseThrow().e164();
    }

    private String scrape() throws Exception {
        return mvc.perform(get(PROMETHEUS).header("Authorization", "Bearer " + TestDatabase.METRICS_TOKEN))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    /**
     * The value of one series: {@code name} alone matches it with any labels (the first series), {@code name{…}}
     * exactly those labels; 0 when it has not been written yet.
     */
    private double value(String series) throws Exception {
        var exact = series.contains("{");
        var line = Pattern.compile(
                "^" + Pattern.quote(series) + (exact ? "" : "(\\{[^}]*\\})?") + " (\\S+)$", Pattern.MULTILINE);
        var m = line.matcher(scrape());
        return m.find() ? Double.parseDouble(m.group(m.groupCount())) : 0;
    }
}
