package com.kontrol.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.TestStaff;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import com.kontrol.messaging.unassigned.UnassignedNumbers;
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
 * A technician texts the business number from the phone on their profile: "OMW 20" texts today's customer once and
 * answers the technician; two visits are asked about, none is said; the text never lands in a customer's thread or
 * the unassigned inbox; anything else is answered with how to use it, once an hour.
 */
@KontrolTest
@WithTwilioStandIn
class StaffTextTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    JobDesk desk;

    @Autowired
    Visits visits;

    @Autowired
    UnassignedNumbers inbox;

    @Autowired
    TwilioStandIn twilio;

    @Autowired
    JdbcClient jdbc;

    String tech;
    String techPhone;

    @BeforeEach
    void aTechnicianWithAPhone() throws Exception {
        techPhone = TestCustomers.newPhone().e164(); // a number no customer has
        tech = TestStaff.add(mvc, "field", "Rosa Field", techPhone);
    }

    @Test
    void omwFromTheTechniciansPhoneTextsTodaysCustomerOnceAndConfirms() throws Exception {
        var customer = customer("Waiting Wes");
        var visit = visitToday(customer, "22:00-23:00");
        long waitingBefore = inbox.waiting();

        var sid = Webhooks.newSid();
        text(sid, techPhone, "OMW 20");
        text(sid, techPhone, "OMW 20"); // Twilio's retry of the same text: handled once

        await().atMost(Duration.ofSeconds(10)).until(() -> answersTo(techPhone).size() == 1);
        assertThat(answersTo(techPhone).get(0))
                .isEqualTo("Kontrol: texted Waiting Wes that you are on the way, about 20 min.");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> onTheWayTextsTo(customer).size() == 1);
        assertThat(onTheWayTextsTo(customer).get(0))
                .startsWith("Hi Waiting, Rosa from ")
                .contains("about 20 minutes");
        assertThat(visits.find(visit.jobId(), visit.id()).status()).isEqualTo(VisitStatus.ON_THE_WAY);

        // never a customer's thread, never the unassigned inbox
        assertThat(jdbc.sql("select count(*) from messages where from_address = :p")
                        .param("p", techPhone)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(inbox.waiting()).isEqualTo(waitingBefore);
        assertThat(jdbc.sql("select count(*) from staff_texts where from_address = :p and command = 'on_my_way'")
                        .param("p", techPhone)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        text(Webhooks.newSid(), techPhone, "on my way 15 min"); // within 5 minutes: the customer is not texted again
        await().atMost(Duration.ofSeconds(10)).until(() -> answersTo(techPhone).size() == 2);
        assertThat(answersTo(techPhone).get(1))
                .isEqualTo("Kontrol: Waiting Wes was not texted. The customer was told less than 5 minutes ago:"
                        + " not texted again.");
        assertThat(onTheWayTextsTo(customer)).hasSize(1);
    }

    @Test
    void withTwoVisitsTodayTheTechnicianIsAskedWhichAndOmw2TextsTheSecondCustomer() throws Exception {
        var early = customer("Early Erin");
        var late = customer("Late Lou");
        visitToday(late, "21:00-22:00");
        var second = visitToday(late, "21:00-22:00");
        visits.change(second.jobId(), second.id(), new Visits.Change(null, null, null, "cancelled"), "dana");
        visitToday(early, "20:00-21:00");

        text(Webhooks.newSid(), techPhone, "omw 20");
        await().atMost(Duration.ofSeconds(10)).until(() -> answersTo(techPhone).size() == 1);
        assertThat(answersTo(techPhone).get(0))
                .isEqualTo("Kontrol: you have 2 visits today: 1) 20:00-21:00 Early Erin, 2) 21:00-22:00 Late Lou."
                        + " Which one? Text OMW 1 20 for the first, OMW 2 20 for the second. No customer was texted.");
        assertThat(onTheWayTextsTo(early)).isEmpty();
        assertThat(onTheWayTextsTo(late)).isEmpty();

        text(Webhooks.newSid(), techPhone, "OMW 2 25");
        await().atMost(Duration.ofSeconds(10)).until(() -> onTheWayTextsTo(late).size() == 1);
        assertThat(onTheWayTextsTo(late).get(0)).contains("about 25 minutes");
        await().atMost(Duration.ofSeconds(10)).until(() -> answersTo(techPhone).size() == 2);
        assertThat(answersTo(techPhone).get(1))
                .isEqualTo("Kontrol: texted Late Lou that you are on the way, about 25 min.");
        assertThat(onTheWayTextsTo(early)).isEmpty();

        text(Webhooks.newSid(), techPhone, "OMW 3 10");
        await().atMost(Duration.ofSeconds(10)).until(() -> answersTo(techPhone).size() == 3);
        assertThat(answersTo(techPhone).get(2))
                .startsWith("Kontrol: there is no visit 3 today; you have 1) 20:00-21:00 Early Erin, 2) 21:00-22:00"
                        + " Late Lou (on the way).");
    }

    @Test
    void omwWithoutAVisitTodayTextsNobodyAndSaysSo() throws Exception {
        var customer = customer("Tomorrow Tia");
        var job = desk.open(customer.id(), "Tomorrow's job", "dana");
        visits.schedule(job.id(), visits.today().plusDays(1).toString(), "08:00-10:00", tech, "dana");

        text(Webhooks.newSid(), techPhone, "On my way!");
        await().atMost(Duration.ofSeconds(10)).until(() -> answersTo(techPhone).size() == 1);
        assertThat(answersTo(techPhone).get(0))
                .isEqualTo("Kontrol: you have no visit today, so no customer was texted.");
        assertThat(onTheWayTextsTo(customer)).isEmpty();
    }

    @Test
    void anythingElseIsAnsweredWithHowToUseItOnceAnHourAndReachesNoInbox() throws Exception {
        long waitingBefore = inbox.waiting();
        text(Webhooks.newSid(), techPhone, "running late, traffic on the 101");
        await().atMost(Duration.ofSeconds(10)).until(() -> answersTo(techPhone).size() == 1);
        assertThat(answersTo(techPhone).get(0)).isEqualTo(StaffCommands.HELP);

        text(Webhooks.newSid(), techPhone, "hello?");
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(3))
                .until(() -> answersTo(techPhone).size() == 1);
        assertThat(inbox.waiting()).isEqualTo(waitingBefore);
        assertThat(jdbc.sql("select outcome from staff_texts where from_address = :p order by id")
                        .param("p", techPhone)
                        .query(String.class)
                        .list())
                .containsExactly("not a command; told how", "not a command; told how less than an hour ago");
    }

    @Test
    void omwForACustomerWithoutAMobileNumberSaysWhyNobodyWasTexted() throws Exception {
        var customer = customers.add("Landline Lena", List.of(), true);
        visitToday(customer, "19:00-20:00");
        text(Webhooks.newSid(), techPhone, "omw 10");
        await().atMost(Duration.ofSeconds(10)).until(() -> answersTo(techPhone).size() == 1);
        assertThat(answersTo(techPhone).get(0))
                .isEqualTo("Kontrol: Landline Lena was not texted. Landline Lena has no mobile number.");
    }

    @Test
    void okWithNoPageWaitingIsAnsweredThatThereIsNone() throws Exception {
        text(Webhooks.newSid(), techPhone, "OK");
        await().atMost(Duration.ofSeconds(10)).until(() -> answersTo(techPhone).size() == 1);
        assertThat(answersTo(techPhone).get(0)).isEqualTo(StaffCommands.NOTHING_TO_ACKNOWLEDGE);
    }

    @Test
    void aDisabledAccountsPhoneIsAnUnknownNumberAgain() throws Exception {
        jdbc.sql("update users set enabled = false where username = :u")
                .param("u", tech)
                .update();
        // the directory keeps numbers for up to 5 seconds when the change was made elsewhere (another instance)
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    text(Webhooks.newSid(), techPhone, "still here " + System.nanoTime());
                    return jdbc.sql("select count(*) from messages where from_address = :p")
                                    .param("p", techPhone)
                                    .query(Long.class)
                                    .single()
                            > 0;
                });
        assertThat(jdbc.sql("select customer_id from messages where from_address = :p")
                        .param("p", techPhone)
                        .query(Long.class)
                        .list())
                .containsOnlyNulls();
    }

    private Customer customer(String name) {
        return customers.add(name, List.of(TestCustomers.newPhone()), true);
    }

    private Visit visitToday(Customer customer, String window) {
        var job = desk.open(customer.id(), "Visit for " + customer.name(), "dana");
        return visits.schedule(job.id(), visits.today().toString(), window, tech, "dana");
    }

    private void text(String sid, String from, String body) throws Exception {
        new Webhooks(mvc).inbound(Webhooks.text(sid, from, body)).andExpect(status().isOk());
    }

    private List<String> answersTo(String phone) {
        return twilio.sendsTo(phone).stream().map(m -> m.get("Body")).toList();
    }

    private List<String> onTheWayTextsTo(Customer customer) {
        return twilio.sendsTo(customer.primaryPhone().orElseThrow().e164()).stream()
                .map(m -> m.get("Body"))
                .filter(b -> b.contains("is on the way"))
                .toList();
    }
}
