package com.kontrol.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TestHours;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.Approvals;
import com.kontrol.job.JobDesk;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.inbound.IncomingText;
import com.kontrol.messaging.inbound.MessageIntake;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Kontrol's automatic answers cannot loop: "which one?" is asked once per set of open questions, a bare OK decides
 * only what was asked of its number, and an auto-responder that answers every text with OK gets at most two
 * automatic texts.
 */
@KontrolTest
@WithTwilioStandIn
class AutomaticAnswerTests {

    private static final Set<String> AUTOMATIC = Set.of(
            Sender.Automatic.NOTIFICATION.code(), Sender.Automatic.AFTER_HOURS.code(), Sender.Automatic.HELP.code());

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    JobDesk desk;

    @Autowired
    Approvals approvals;

    @Autowired
    Messages messages;

    @Autowired
    MessageIntake intake;

    @AfterEach
    void usualHoursAgain() throws Exception {
        hours(TestHours.USUAL);
    }

    @Test
    void fiveYesTextsWhileTwoApprovalsWaitGiveOneQuestion() {
        var customer = customers.add("Two Waiting", List.of(TestCustomers.newPhone()), true);
        var job = desk.open(customer.id(), "Kitchen", "dana");
        var first = approvals.request(job.id(), "New tap", null, "dana");
        var second = approvals.request(job.id(), "New sink", null, "dana");

        for (int i = 0; i < 5; i++) {
            text(customer, "YES");
        }

        assertThat(thread(customer).stream().filter(m -> m.body().startsWith("You have 2 requests waiting")))
                .hasSize(1);
        assertThat(approvals.find(first.id()).orElseThrow().isPending()).isTrue();
        assertThat(approvals.find(second.id()).orElseThrow().isPending()).isTrue();
    }

    @Test
    void aBareOkDecidesNothingThatWasNotAskedOfItsNumber() {
        var asked = TestCustomers.newPhone();
        var other = TestCustomers.newPhone();
        var customer = customers.add("Asked Elsewhere", List.of(asked, other), true);
        var job = desk.open(customer.id(), "Roof", "dana");
        var request = approvals.request(job.id(), "Replace three tiles", null, "dana");

        text(customer, other.e164(), "OK"); // the request went to the primary number, not this one

        assertThat(approvals.find(request.id()).orElseThrow().isPending()).isTrue();
        text(customer, asked.e164(), "OK");
        assertThat(approvals.find(request.id()).orElseThrow().isPending()).isFalse();
    }

    @Test
    void anAutoResponderThatAnswersEveryTextWithOkGetsAtMostTwoAutomaticTexts() throws Exception {
        hours(TestHours.CLOSED.replace("\"enabled\":false", "\"enabled\":true"));
        var customer = customers.add("Auto Responder", List.of(TestCustomers.newPhone()), true);
        var job = desk.open(customer.id(), "Boiler", "dana");
        approvals.request(job.id(), "New valve", null, "dana");
        approvals.request(job.id(), "New pump", null, "dana");
        var requests = thread(customer).stream().map(Message::id).toList();

        // The stand-in answers each text Kontrol sends it, once, with OK, until Kontrol sends nothing more.
        var answered = new HashSet<Long>();
        int rounds = 0;
        while (rounds++ < 20) {
            var unanswered = thread(customer).stream()
                    .filter(m -> !m.isInbound() && !answered.contains(m.id()))
                    .toList();
            if (unanswered.isEmpty()) {
                break;
            }
            for (var m : unanswered) {
                answered.add(m.id());
                text(customer, "OK");
            }
        }

        assertThat(rounds).as("the exchange stops by itself").isLessThan(20);
        var automatic = thread(customer).stream()
                .filter(m -> !m.isInbound() && !requests.contains(m.id()))
                .filter(m -> AUTOMATIC.contains(m.sentBy()))
                .toList();
        assertThat(automatic).hasSizeBetween(1, 2);
    }

    private List<Message> thread(Customer c) {
        return messages.thread(c.id(), Long.MAX_VALUE, 100);
    }

    private void text(Customer c, String body) {
        text(c, c.primaryPhone().orElseThrow().e164(), body);
    }

    /** Returns once the text and what it decides are committed. */
    private void text(Customer c, String from, String body) {
        intake.receive(new IncomingText(
                "SM" + UUID.randomUUID().toString().replace("-", ""),
                from,
                TwilioStandIn.NUMBER,
                body,
                List.of(),
                null));
    }

    private void hours(String body) throws Exception {
        mvc.perform(put("/api/v1/settings/business-hours")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isOk());
    }
}
