package com.kontrol.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TestStaff;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.Job;
import com.kontrol.job.JobDesk;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.visit.Visits;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Visit reminders: scheduled through the outbox for the day before when a visit is booked, sent once when due, withdrawn
 * and planned again when the visit moves, withdrawn when it is cancelled, and recorded as skipped when the customer
 * cannot be texted.
 */
@KontrolTest
@WithTwilioStandIn
class VisitReminderTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    JobDesk desk;

    @Autowired
    Visits visits;

    @Autowired
    VisitReminders reminders;

    @Autowired
    Messages messages;

    @Autowired
    NotificationLog log;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    JdbcClient jdbc;

    String tech;

    @BeforeEach
    void aTechnician() throws Exception {
        tech = TestStaff.add(mvc, "rem", "Rem", TestCustomers.newPhone().e164());
    }

    @Test
    void aBookedVisitGetsOneReminderTheDayBeforeThroughTheOutbox() throws Exception {
        var customer = customer("Reminded Rosa");
        var job = desk.open(customer.id(), "Annual boiler check", "dana");
        var visit = visits.schedule(job.id(), visits.today().plusDays(3).toString(), "08:00-10:00", tech, "dana");

        var reminder = scheduledReminder(customer);
        assertThat(reminder.createdAt().toInstant())
                .isEqualTo(reminders.dueAt(visit).toInstant());
        assertThat(reminder.body()).contains("between 08:00 and 10:00").contains("Reply C to confirm");

        // Its time comes (as if the clock had reached the day before): it goes, once.
        jdbc.sql("update messages set next_attempt_at = :now where id = :id")
                .param("now", OffsetDateTime.now().minusSeconds(1))
                .param("id", reminder.id())
                .update();
        var phone = customer.primaryPhone().orElseThrow().e164();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> !twilio.sendsTo(phone).isEmpty());
        await().during(Duration.ofSeconds(2)) // four more looks for due texts (every 500 ms here): it went once
                .atMost(Duration.ofSeconds(4))
                .until(() -> twilio.sendsTo(phone).size() == 1);
        assertThat(twilio.sendsTo(phone).get(0).get("Body")).contains("Hi Reminded, this is");
    }

    @Test
    void movingAVisitReplacesItsReminderAndCancellingWithdrawsIt() throws Exception {
        var customer = customer("Moving Mo");
        var job = desk.open(customer.id(), "Fit a new tap", "dana");
        var visit = visits.schedule(job.id(), visits.today().plusDays(3).toString(), "08:00-10:00", tech, "dana");
        var first = scheduledReminder(customer);

        change(job, visit.id(), "{\"date\": \"" + visits.today().plusDays(5) + "\"}");
        assertThat(messages.findById(first.id()).orElseThrow().status()).isEqualTo("canceled");
        var second = scheduledReminder(customer);
        assertThat(second.id()).isNotEqualTo(first.id());

        change(job, visit.id(), "{\"technician\": \"" + tech + "\"}"); // not a new time: the reminder stands
        assertThat(scheduledReminder(customer).id()).isEqualTo(second.id());

        change(job, visit.id(), "{\"status\": \"cancelled\"}");
        assertThat(messages.findById(second.id()).orElseThrow().status()).isEqualTo("canceled");
        assertThat(scheduled(customer)).isEmpty();
    }

    @Test
    void aCustomerWhoCannotBeTextedIsRecordedAsSkipped() throws Exception {
        var customer = customers.add("Quiet Quinn", List.of(TestCustomers.newPhone()), false);
        var job = desk.open(customer.id(), "Clear the drain", "dana");
        visits.schedule(job.id(), visits.today().plusDays(2).toString(), "13:00-15:00", tech, "dana");
        assertThat(scheduled(customer)).isEmpty();
        assertThat(log.ofJob(job.id())).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(NotificationKind.VISIT_REMINDER.code());
            assertThat(e.outcome()).isEqualTo("skipped");
            assertThat(e.reason()).contains("SMS is disabled");
        });
    }

    private void change(Job job, long visitId, String json) throws Exception {
        mvc.perform(patch("/api/v1/jobs/" + job.id() + "/visits/" + visitId)
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json))
                .andExpect(status().isOk());
    }

    private Message scheduledReminder(Customer customer) {
        var found = scheduled(customer);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private List<Message> scheduled(Customer customer) {
        return messages.thread(customer.id(), Long.MAX_VALUE, 50).stream()
                .filter(m -> "scheduled".equals(m.status()))
                .toList();
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }
}
