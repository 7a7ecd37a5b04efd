package com.kontrol.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TestStaff;
import com.kontrol.TestVisits;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import com.kontrol.messaging.Messages;
import com.kontrol.visit.Visit;
import com.kontrol.visit.VisitStatus;
import com.kontrol.visit.Visits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Answers by text: after a visit's reminder went out, "C" confirms it, "R …" asks for another time (the words kept,
 * the conversation in Needs reply), several visits waiting are asked about by number, and staff can undo an answer.
 */
@KontrolTest
@WithTwilioStandIn
class VisitReplyTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    JobDesk desk;

    @Autowired
    Visits visits;

    @Autowired
    Messages messages;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    JdbcClient jdbc;

    String tech;

    @BeforeEach
    void aTechnician() throws Exception {
        tech = TestStaff.add(mvc, "ans", "Ans", TestCustomers.newPhone().e164());
    }

    @Test
    void aTextedCConfirmsTheVisitAndStaffCanUndoIt() throws Exception {
        var customer = customer("Confirming Cleo");
        var visit = remindedVisit(customer, 3, "08:00-10:00");

        text(customer, "c");
        assertThat(statusOf(visit)).isEqualTo(VisitStatus.CONFIRMED);
        assertThat(html("/jobs/" + visit.jobId() + "/visits"))
                .contains("Confirmed by the customer")
                .contains("by text");

        mvc.perform(post("/jobs/" + visit.jobId() + "/visits/" + visit.id() + "/undo")
                        .with(Staff.dana())
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(statusOf(visit)).isEqualTo(VisitStatus.SCHEDULED);
        assertThat(html("/jobs/" + visit.jobId() + "/visits")).contains("the texted answer was undone by dana");
    }

    @Test
    void anRWithATimeAsksForAnotherAndWaitsInNeedsReplyWithTheWords() throws Exception {
        var customer = customer("Rescheduling Rex");
        var visit = remindedVisit(customer, 3, "13:00-15:00");

        text(customer, "R - can you do Thursday afternoon?");
        assertThat(statusOf(visit)).isEqualTo(VisitStatus.RESCHEDULE_REQUESTED);
        assertThat(html("/jobs/" + visit.jobId() + "/visits")).contains("can you do Thursday afternoon?");
        assertThat(visits.find(visit.jobId(), visit.id()).date())
                .as("not parsed into a booking")
                .isEqualTo(visit.date());
        // In Needs reply: the conversation is open and waits for a person's answer since the customer's R.
        assertThat(html("/customers/" + customer.id() + "/sms"))
                .contains("Open")
                .contains("waiting since");
    }

    @Test
    void withTwoVisitsWaitingKontrolAsksWhichAndANumberedAnswerDecides() throws Exception {
        var customer = customer("Busy Bea");
        var first = remindedVisit(customer, 2, "08:00-10:00");
        var second = remindedVisit(customer, 4, "10:00-12:00");
        var phone = customer.primaryPhone().orElseThrow().e164();
        int before = twilio.sendsTo(phone).size();

        text(customer, "C");
        assertThat(statusOf(first)).isEqualTo(VisitStatus.SCHEDULED);
        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.sendsTo(phone).size() > before);
        assertThat(twilio.sendsTo(phone).get(twilio.sendsTo(phone).size() - 1).get("Body"))
                .startsWith("You have 2 visits booked: 1) ")
                .contains("Reply C and the number to confirm one");

        text(customer, "C 2");
        assertThat(statusOf(second)).isEqualTo(VisitStatus.CONFIRMED);
        assertThat(statusOf(first)).isEqualTo(VisitStatus.SCHEDULED);
    }

    @Test
    void aCBeforeAnyReminderWentIsAnOrdinaryText() throws Exception {
        var customer = customer("Early Ed");
        var job = desk.open(customer.id(), "Look at the roof", "dana");
        var visit = visits.schedule(job.id(), visits.today().plusDays(3).toString(), "08:00-10:00", tech, "dana");
        text(customer, "C");
        assertThat(statusOf(visit)).isEqualTo(VisitStatus.SCHEDULED);
    }

    /** A visit {@code days} ahead whose reminder has gone out (released at once, accepted by the stand-in). */
    private Visit remindedVisit(Customer customer, int days, String window) {
        var job = desk.open(customer.id(), "Visit in " + days + " days", "dana");
        var visit = visits.schedule(job.id(), visits.today().plusDays(days).toString(), window, tech, "dana");
        TestVisits.sendReminderNow(jdbc, messages, visit.id());
        return visit;
    }

    private VisitStatus statusOf(Visit visit) {
        return visits.find(visit.jobId(), visit.id()).status();
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }

    private void text(Customer customer, String body) throws Exception {
        new Webhooks(mvc)
                .inbound(Webhooks.text(
                        Webhooks.newSid(), customer.primaryPhone().orElseThrow().e164(), body))
                .andExpect(status().isOk());
    }

    private String html(String path) throws Exception {
        return mvc.perform(get(path).with(Staff.dana()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }
}
