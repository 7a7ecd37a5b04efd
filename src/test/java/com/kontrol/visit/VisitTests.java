package com.kontrol.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TestStaff;
import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customers;
import com.kontrol.job.Job;
import com.kontrol.job.JobDesk;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Visits on a job: a day, an arrival window and a technician with a mobile number, scheduled and changed through the
 * API and the job page, audited, and listed in Jobs › Today.
 */
@KontrolTest
class VisitTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    JobDesk desk;

    @Autowired
    Visits visits;

    @Autowired
    AuditLog audit;

    String sam;
    String noMobile;
    Job job;

    @BeforeEach
    void aJobAndATechnician() throws Exception {
        sam = TestStaff.add(mvc, "sam", "Sam", TestCustomers.newPhone().e164());
        noMobile = TestStaff.add(mvc, "ola", "Ola", null);
        var customer = customers.add("Visited Vera", List.of(TestCustomers.newPhone()), true);
        job = desk.open(customer.id(), "Service the boiler", "dana");
    }

    @Test
    void aVisitIsScheduledMovedAndCancelledThroughTheApi() throws Exception {
        var tomorrow = visits.today().plusDays(1);
        var id = schedule("{\"date\": \"" + tomorrow + "\", \"window\": \"08:00-10:00\", \"technician\": \"" + sam
                        + "\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.jobId").value(job.id()))
                .andExpect(jsonPath("$.date").value(tomorrow.toString()))
                .andExpect(jsonPath("$.window").value("08:00-10:00"))
                .andExpect(jsonPath("$.technician").value(sam))
                .andExpect(jsonPath("$.status").value("scheduled"))
                .andReturn()
                .getResponse()
                .getContentAsString()
                .replaceAll(".*\"id\":(\\d+).*", "$1");

        change(id, "{\"status\": \"confirmed\"}").andExpect(jsonPath("$.status").value("confirmed"));
        change(id, "{\"window\": \"13:00-15:00\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.window").value("13:00-15:00"))
                .andExpect(jsonPath("$.status").value("scheduled")); // the confirmation was for the old time
        change(id, "{\"status\": \"cancelled\"}").andExpect(jsonPath("$.status").value("cancelled"));
        change(id, "{\"window\": \"09:00-11:00\"}").andExpect(status().isConflict());

        mvc.perform(get("/api/v1/jobs/" + job.id() + "/visits").with(Staff.admin()))
                .andExpect(jsonPath("$.visits[0].status").value("cancelled"));
        assertThat(audit.ofCustomer(job.customerId(), AuditAction.VISIT_CHANGED, 10))
                .hasSize(3);
        assertThat(audit.ofCustomer(job.customerId(), AuditAction.VISIT_SCHEDULED, 10))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).contains(tomorrow + " 08:00-10:00, " + sam));
    }

    @Test
    void badVisitsAreRefusedWithTheReason() throws Exception {
        var tomorrow = visits.today().plusDays(1);
        schedule("{\"date\": \"" + tomorrow + "\", \"window\": \"10:00-08:00\", \"technician\": \"" + sam + "\"}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.error").value("The window must end after it starts: 10:00-08:00."));
        schedule("{\"date\": \"" + tomorrow + "\", \"window\": \"morning\", \"technician\": \"" + sam + "\"}")
                .andExpect(jsonPath("$.error").value("An arrival window looks like 08:00-10:00, not \"morning\"."));
        schedule("{\"date\": \"" + visits.today().minusDays(1) + "\", \"window\": \"08:00-10:00\", \"technician\": \""
                        + sam + "\"}")
                .andExpect(status().isUnprocessableEntity());
        schedule("{\"date\": \"next tuesday\", \"window\": \"08:00-10:00\", \"technician\": \"" + sam + "\"}")
                .andExpect(jsonPath("$.error").value("A visit's date looks like 2026-12-02, not \"next tuesday\"."));
        schedule("{\"date\": \"" + tomorrow + "\", \"window\": \"08:00-10:00\", \"technician\": \"" + noMobile + "\"}")
                .andExpect(jsonPath("$.error")
                        .value(noMobile + " has no mobile number on their profile: a technician needs one (for \"on my"
                                + " way\" texts)."));
        mvc.perform(post("/api/v1/jobs/999999/visits")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"date\": \"" + tomorrow + "\", \"window\": \"08:00-10:00\", \"technician\": \""
                                + sam + "\"}"))
                .andExpect(status().isNotFound());
        assertThat(visits.ofJob(job.id())).isEmpty();
    }

    @Test
    void theJobPageSchedulesAVisitAndTheDayViewShowsIt() throws Exception {
        var day = visits.today().plusDays(2);
        mvc.perform(post("/jobs/" + job.id() + "/visits")
                        .with(Staff.dana())
                        .with(csrf())
                        .param("date", day.toString())
                        .param("start", "08:00")
                        .param("end", "10:00")
                        .param("technician", sam))
                .andExpect(flash().attribute("notice", "Visit scheduled on " + day + ", 08:00-10:00, " + sam + "."));

        assertThat(html("/jobs/" + job.id())).contains("hx-get=\"/jobs/" + job.id() + "/visits\"");
        assertThat(html("/jobs/" + job.id() + "/visits"))
                .contains("08:00-10:00")
                .contains(sam)
                .contains("Scheduled");
        assertThat(html("/jobs/today?date=" + day))
                .contains("Visited Vera")
                .contains("#" + job.number() + " Service the boiler")
                .contains("08:00-10:00")
                .contains(sam);
        assertThat(html("/jobs/today?date=" + day.plusDays(1))).contains("No visits on this day.");
    }

    private ResultActions schedule(String json) throws Exception {
        return mvc.perform(post("/api/v1/jobs/" + job.id() + "/visits")
                .with(Staff.admin())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    private ResultActions change(String id, String json) throws Exception {
        return mvc.perform(patch("/api/v1/jobs/" + job.id() + "/visits/" + id)
                .with(Staff.admin())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    private String html(String path) throws Exception {
        return mvc.perform(get(path).with(Staff.dana()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }
}
