package com.kontrol.messaging.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.TestStaff;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import com.kontrol.messaging.conversation.ConversationDesk;
import com.kontrol.visit.Visits;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** My day: a technician's visits of today, where to go, "On my way", and their conversations that wait. */
@KontrolTest
@WithTwilioStandIn
class MyDayTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    JobDesk jobs;

    @Autowired
    Visits visits;

    @Autowired
    ConversationDesk desk;

    @Test
    void aTechnicianSeesTodaysVisitsOfTheirsWithWhereToGoAndWhoWaitsForThem() throws Exception {
        var tech = TestStaff.add(mvc, "day", "Dee Day", TestCustomers.newPhone().e164());
        var other = TestStaff.add(
                mvc, "other", "Otto Other", TestCustomers.newPhone().e164());
        var mine = customers.add("Mina Mine", List.of(TestCustomers.newPhone()), true, "9 Pine Street, Springfield");
        var theirs = customers.add("Theo Theirs", List.of(TestCustomers.newPhone()), true, null);
        var job = jobs.open(mine.id(), "Boiler service", "dana");
        var visit = visits.schedule(job.id(), visits.today().toString(), "08:00-10:00", tech, "dana");
        visits.schedule(
                jobs.open(theirs.id(), "Gutter", "dana").id(), visits.today().toString(), "10:00-12:00", other, "dana");
        new Webhooks(mvc)
                .inbound(Webhooks.text(
                        Webhooks.newSid(), mine.primaryPhone().orElseThrow().e164(), "Is the boiler done?"))
                .andExpect(status().isOk());
        desk.assign(mine.id(), tech, "dana");

        var page = mvc.perform(get("/my-day").with(user(tech).roles("STAFF")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        var stops = page.substring(page.indexOf("<h2>Visits</h2>"), page.indexOf("<h2>Waiting for my reply</h2>"));
        assertThat(stops)
                .contains("08:00-10:00")
                .contains("Mina Mine")
                .contains("9 Pine Street, Springfield")
                .contains("https://www.google.com/maps/search/?api=1&amp;query=9%20Pine%20Street,%20Springfield")
                .contains("/jobs/" + job.id() + "/visits/" + visit.id() + "/on-the-way?back=my-day")
                .doesNotContain("Theo Theirs"); // another technician's
        assertThat(page.substring(page.indexOf("<h2>Waiting for my reply</h2>")))
                .contains("Mina Mine");

        mvc.perform(post("/jobs/" + job.id() + "/visits/" + visit.id() + "/on-the-way")
                        .param("back", "my-day")
                        .param("eta", "20")
                        .with(user(tech).roles("STAFF"))
                        .with(csrf()))
                .andExpect(redirectedUrl("/my-day"));
        mvc.perform(post("/jobs/" + job.id() + "/visits/" + visit.id() + "/on-the-way")
                        .param("back", "https://evil.example")
                        .with(user(tech).roles("STAFF"))
                        .with(csrf()))
                .andExpect(redirectedUrl("/jobs/" + job.id())); // no other address a link could choose
    }

    @Test
    void aTapRecordsTheVisitConfirmedThenArrivedThenDoneAndOnlyForTheTechniciansOwnVisitsOfToday() throws Exception {
        var tech =
                TestStaff.add(mvc, "tap", "Tap Tech", TestCustomers.newPhone().e164());
        var other =
                TestStaff.add(mvc, "nottap", "Not Tap", TestCustomers.newPhone().e164());
        var customer = customers.add("Stepping Stella", List.of(TestCustomers.newPhone()), true, "1 Elm Road");
        var job = jobs.open(customer.id(), "Leaking tap", "dana");
        var visit = visits.schedule(job.id(), visits.today().toString(), "13:00-15:00", tech, "dana");
        var tomorrow = visits.schedule(job.id(), visits.today().plusDays(1).toString(), "13:00-15:00", tech, "dana");

        assertThat(stop(tech, visit.id())).contains(">Confirmed</button>").contains(">Arrived</button>");
        step(tech, job.id(), visit.id(), "confirmed").andExpect(redirectedUrl("/my-day#stop-" + visit.id()));
        assertThat(visits.find(job.id(), visit.id()).status().code()).isEqualTo("confirmed");
        assertThat(stop(tech, visit.id())).doesNotContain(">Confirmed</button>").contains(">Arrived</button>");
        step(tech, job.id(), visit.id(), "arrived");
        assertThat(stop(tech, visit.id())).contains(">Done</button>").doesNotContain(">Arrived</button>");
        step(tech, job.id(), visit.id(), "done");
        assertThat(visits.find(job.id(), visit.id()).status().code()).isEqualTo("done");
        assertThat(stop(tech, visit.id())).doesNotContain("<button").contains("Done");

        // Backwards, another's visit, another day, or no such step: nothing changes.
        step(tech, job.id(), visit.id(), "arrived");
        assertThat(visits.find(job.id(), visit.id()).status().code()).isEqualTo("done");
        step(other, job.id(), visit.id(), "arrived").andExpect(status().isNotFound());
        step(tech, job.id(), tomorrow.id(), "arrived").andExpect(status().isNotFound());
        step(tech, job.id(), tomorrow.id(), "cancelled").andExpect(status().isNotFound());
        assertThat(visits.find(job.id(), tomorrow.id()).status().code()).isEqualTo("scheduled");
    }

    private org.springframework.test.web.servlet.ResultActions step(String who, long jobId, long visitId, String step)
            throws Exception {
        return mvc.perform(post("/my-day/visits/" + visitId)
                .param("jobId", String.valueOf(jobId))
                .param("step", step)
                .with(user(who).roles("STAFF"))
                .with(csrf()));
    }

    private String stop(String tech, long visitId) throws Exception {
        var page = mvc.perform(get("/my-day").with(user(tech).roles("STAFF")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        int at = page.indexOf("id=\"stop-" + visitId + "\"");
        return page.substring(at, page.indexOf("</li>", at));
    }
}
