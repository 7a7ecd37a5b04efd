package com.kontrol.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.web.Times;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The team's report counts what happened to conversations, consent and deliveries as it happened (issue 34): a first
 * text opens a conversation, closing and a customer's text after it reopen it, STOP opts the number out, a carrier's
 * error is counted by its code and meaning once however often Twilio reports it; each count lists its conversations.
 */
@KontrolTest
@WithTwilioStandIn
class ConversationsAndTrustReportTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    Times times;

    @Test
    void openedClosedReopenedOptedOutAndFailedAreCountedAndListed() throws Exception {
        var before = summary();
        var name = "Reported Rita " + System.nanoTime();
        var rita = customers.add(name, List.of(TestCustomers.newPhone()), true);

        text(rita, "Can someone look at the boiler?"); // opens the conversation
        text(rita, "It is making a noise"); // the same conversation: nothing new opens
        mvc.perform(post("/api/v1/conversations/" + rita.id() + "/close")
                        .contentType(MediaType.APPLICATION_JSON)
                        .with(Staff.admin()))
                .andExpect(status().isOk());
        mvc.perform(post("/api/v1/conversations/" + rita.id() + "/close")
                        .contentType(MediaType.APPLICATION_JSON)
                        .with(Staff.admin()))
                .andExpect(status().isOk()); // closed already: not closed twice
        text(rita, "Sorry, one more thing"); // reopens it
        text(rita, "STOP");
        var sent = messages.add(Message.queued(
                        rita.id(),
                        null,
                        TwilioStandIn.NUMBER,
                        rita.primaryPhone().orElseThrow().e164(),
                        "We can come on Tuesday",
                        Sender.person("admin"),
                        OffsetDateTime.now())
                .withSid(Webhooks.newSid()));
        var failed = Webhooks.status(sent.sid(), "undelivered");
        failed.put("ErrorCode", "30003");
        new Webhooks(mvc).status(failed).andExpect(status().isOk());
        new Webhooks(mvc).status(failed).andExpect(status().isOk()); // Twilio's retry

        var after = summary();
        assertThat(delta(after, before, "conversations", "opened")).isEqualTo(1);
        assertThat(delta(after, before, "conversations", "closed")).isEqualTo(1);
        assertThat(delta(after, before, "conversations", "reopened")).isEqualTo(1);
        assertThat(after.path("optOuts").asLong() - before.path("optOuts").asLong())
                .isEqualTo(1);
        assertThat(failures(after, 30003) - failures(before, 30003)).isEqualTo(1);
        for (var f : after.path("deliveryFailures")) {
            if (f.path("errorCode").asInt() == 30003) {
                assertThat(f.path("meaning").asString()).isEqualTo("Unreachable destination handset");
            }
        }

        assertThat(rows("opened", null)).contains("<h1>New conversations</h1>");
        for (var kind : List.of("opened", "closed", "reopened", "opted_out")) {
            assertThat(rows(kind, null)).as(kind).contains(name).contains("/communication/conversations/" + rita.id());
        }
        assertThat(rows("delivery_failed", 30003)).contains(name).contains("30003: Unreachable destination handset");
        assertThat(rows("delivery_failed", 30007)).doesNotContain(name);

        var page = mvc.perform(
                        get("/reports").param("range", "7").with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("Conversations and calls")
                .contains("Reopened after closing")
                .contains("Numbers that opted out")
                .contains("Unreachable destination handset")
                .contains("/reports/rows?kind=opened");
        mvc.perform(get("/reports/rows")
                        .param("kind", "opened")
                        .param("from", today().toString())
                        .param("to", today().toString())
                        .with(user("sam").roles("STAFF")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/reports/rows")
                        .param("kind", "everything")
                        .param("from", today().toString())
                        .param("to", today().toString())
                        .with(user("admin").roles("ADMIN")))
                .andExpect(status().isNotFound());
    }

    private LocalDate today() {
        return LocalDate.now(times.zone());
    }

    private String rows(String kind, Integer code) throws Exception {
        var request = get("/reports/rows")
                .param("kind", kind)
                .param("from", today().minusDays(1).toString())
                .param("to", today().toString())
                .with(user("admin").roles("ADMIN"));
        if (code != null) {
            request = request.param("code", code.toString());
        }
        return mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private static long delta(JsonNode after, JsonNode before, String group, String field) {
        return after.path(group).path(field).asLong()
                - before.path(group).path(field).asLong();
    }

    private static long failures(JsonNode summary, int code) {
        long n = 0;
        for (var f : summary.path("deliveryFailures")) {
            if (f.path("errorCode").asInt() == code) {
                n += f.path("count").asLong();
            }
        }
        return n;
    }

    private JsonNode summary() throws Exception {
        var json = mvc.perform(get("/api/v1/reports/summary")
                        .param("from", today().minusDays(1).toString())
                        .param("to", today().toString())
                        .with(Staff.admin()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JsonMapper.shared().readTree(json);
    }

    private void text(Customer customer, String body) throws Exception {
        new Webhooks(mvc)
                .inbound(Webhooks.text(
                        Webhooks.newSid(), customer.primaryPhone().orElseThrow().e164(), body))
                .andExpect(status().isOk());
    }
}
