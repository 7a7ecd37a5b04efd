package com.kontrol.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TestStaff;
import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import com.kontrol.visit.VisitStatus;
import com.kontrol.visit.Visits;
import java.time.Duration;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * "On my way" from the job page: the customer gets the template with the technician's first name and the ETA, the
 * visit is on the way, and a second tap within 5 minutes texts nothing.
 */
@KontrolTest
@WithTwilioStandIn
class OnTheWayTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    JobDesk desk;

    @Autowired
    Visits visits;

    @Autowired
    TwilioStandIn twilio;

    @Test
    void onMyWayTextsTheCustomerOnceWithTheTechniciansFirstNameAndTheEta() throws Exception {
        var tech =
                TestStaff.add(mvc, "omw", "Sam Ortega", TestCustomers.newPhone().e164());
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Waiting Wanda", List.of(phone), true);
        var job = desk.open(customer.id(), "Unblock the sink", "dana");
        var visit = visits.schedule(job.id(), visits.today().toString(), "23:00-24:00", tech, "dana");

        tap(job.id(), visit.id(), "20")
                .andExpect(
                        flash().attribute("notice", "Texted the customer: " + tech + " is on the way, about 20 min."));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> onTheWayTexts(phone.e164()).size() == 1);
        assertThat(onTheWayTexts(phone.e164()).get(0))
                .startsWith("Hi Waiting, Sam from ")
                .contains("is on the way, about 20 minutes.");
        assertThat(visits.find(job.id(), visit.id()).status()).isEqualTo(VisitStatus.ON_THE_WAY);

        tap(job.id(), visit.id(), "15")
                .andExpect(flash().attribute(
                                "visitError", "The customer was told less than 5 minutes ago: not texted again."));
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(3))
                .until(() -> onTheWayTexts(phone.e164()).size() == 1);

        visits.change(job.id(), visit.id(), new Visits.Change(null, null, null, "cancelled"), "dana");
        tap(job.id(), visit.id(), "")
                .andExpect(flash().attribute("visitError", "This visit is cancelled: nothing was texted."));
    }

    @Test
    void aVisitOnAnotherDayOffersNoOnMyWayAndTextsNobody() throws Exception {
        var tech = TestStaff.add(
                mvc, "omwtomorrow", "Tomo Row", TestCustomers.newPhone().e164());
        var phone = TestCustomers.newPhone();
        var customer = customers.add("Tomorrow Tess", List.of(phone), true);
        var job = desk.open(customer.id(), "Service the furnace", "dana");
        var visit = visits.schedule(job.id(), visits.today().plusDays(1).toString(), "08:00-10:00", tech, "dana");

        mvc.perform(get("/jobs/" + job.id() + "/visits").with(Staff.dana()))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Cancel")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("On my way"))));
        tap(job.id(), visit.id(), "20")
                .andExpect(flash().attribute(
                                "visitError",
                                "This visit is on " + visit.dayLabel()
                                        + ", not today: \"On my way\" is for today's visits. Nothing was texted."));
        assertThat(visits.find(job.id(), visit.id()).status()).isEqualTo(VisitStatus.SCHEDULED);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(2))
                .until(() -> onTheWayTexts(phone.e164()).isEmpty());
    }

    /** The "on my way" texts the stand-in got (a visit booked for today has its reminder too). */
    private List<String> onTheWayTexts(String phone) {
        return twilio.sendsTo(phone).stream()
                .map(m -> m.get("Body"))
                .filter(b -> b.contains("is on the way"))
                .toList();
    }

    private ResultActions tap(long jobId, long visitId, String eta) throws Exception {
        return mvc.perform(post("/jobs/" + jobId + "/visits/" + visitId + "/on-the-way")
                .with(Staff.dana())
                .with(csrf())
                .param("eta", eta));
    }
}
