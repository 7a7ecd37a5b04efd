package com.kontrol.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.TestStaff;
import com.kontrol.TestVisits;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import com.kontrol.messaging.Messages;
import com.kontrol.visit.Visits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The pushes that come from the office's other work: an emergency page reaches the paged person's devices (urgent, so
 * it stays on screen), and a customer's texted answer to a visit reaches the technician who goes.
 */
@KontrolTest
@WithTwilioStandIn
@TestPropertySource(properties = {"kontrol.push.allow-private-endpoints=true", "kontrol.push.retry-millis=600000"})
class PushedPagesAndVisitsTests {

    static final String REPLY = "We are closed. Reply 1 if this is an emergency (no heat, flooding, gas smell).";
    static final PushStandIn service = PushStandIn.shared();

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JobDesk desk;

    @Autowired
    Visits visits;

    @Autowired
    Messages messages;

    @AfterEach
    void usualHoursAndNoEmergencyLineAgain() throws Exception {
        var form = post("/settings/business-hours")
                .with(user("admin").roles("ADMIN"))
                .with(csrf())
                .param("replyBody", REPLY);
        for (var day : List.of("mon", "tue", "wed", "thu", "fri")) {
            form.param("open-" + day, "true").param("opens-" + day, "08:00").param("closes-" + day, "17:00");
        }
        mvc.perform(form).andExpect(flash().attribute("notice", "Business hours saved."));
        jdbc.sql("update emergencies set next_page_at = null").update();
        assertThat(service.failures()).isEmpty();
    }

    @Test
    void anEmergencyPagePushesToThePagedPersonsDevicesAsUrgent() throws Exception {
        var pat = TestStaff.add(mvc, "pat", "Pat", TestCustomers.newPhone().e164());
        var phone = subscribe(pat);
        mvc.perform(
                        post("/settings/business-hours") // no day ticked: closed all week, with the emergency line
                                .with(user("admin").roles("ADMIN"))
                                .with(csrf())
                                .param("replyEnabled", "true")
                                .param("replyBody", REPLY)
                                .param("emergencyEnabled", "true")
                                .param("emergencyWords", "1, emergency")
                                .param("ackMinutes", "10")
                                .param("confirmation", "Thanks, we are paging the technician on call now.")
                                .param("rotation", pat))
                .andExpect(flash().attribute("notice", "Business hours saved."));
        var customer = customer("Flooded Fran");

        text(customer, "water is coming through the ceiling");
        text(customer, "1");

        await().atMost(Duration.ofSeconds(10)).until(() -> phone.deliveries().size() == 1);
        var push = phone.deliveries().get(0);
        assertThat(push.title()).isEqualTo("Emergency: " + customer.name());
        assertThat(push.urgency()).isEqualTo("high");
        assertThat(push.payload().path("urgent").asBoolean()).isTrue();
    }

    @Test
    void aCustomersAnswerToAVisitPushesToTheTechnicianWhoGoes() throws Exception {
        var tess = TestStaff.add(mvc, "tess", "Tess", TestCustomers.newPhone().e164());
        var phone = subscribe(tess);
        var customer = customer("Answering Ann");
        var job = desk.open(customer.id(), "Fix the gutter", "dana");
        var visit = visits.schedule(job.id(), visits.today().plusDays(3).toString(), "08:00-10:00", tess, "dana");
        TestVisits.sendReminderNow(jdbc, messages, visit.id());

        text(customer, "R - can you do Thursday afternoon?");

        await().atMost(Duration.ofSeconds(10)).until(() -> phone.deliveries().size() == 1);
        var push = phone.deliveries().get(0);
        assertThat(push.title()).isEqualTo(customer.name() + " asks for another time");
        assertThat(push.body()).contains("08:00-10:00").contains("can you do Thursday afternoon?");
    }

    private PushStandIn.Device subscribe(String who) throws Exception {
        var device = service.newDevice();
        mvc.perform(post("/api/v1/push/subscriptions")
                        .with(httpBasic(who, TestStaff.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(device.json()))
                .andExpect(status().isCreated());
        return device;
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
}
