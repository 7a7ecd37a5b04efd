package com.kontrol.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.customer.Customers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@KontrolTest
@RecordApplicationEvents
class JobPagesTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Jobs jobs;

    @Autowired
    ApplicationEvents events;

    @Test
    void staffOpenAJobOnTheJobsTabAndMoveItOn() throws Exception {
        var customer = customers.add("Jobs Tab", List.of(), true);
        mvc.perform(staff(post("/customers/" + customer.id() + "/jobs")).param("title", "Fit a new tap"))
                .andExpect(redirectedUrl("/customers/" + customer.id() + "/jobs"));
        var job = jobs.forCustomer(customer.id()).get(0);
        assertThat(job.title()).isEqualTo("Fit a new tap");
        mvc.perform(staff(get("/customers/" + customer.id() + "/jobs")))
                .andExpect(content().string(containsString("Fit a new tap")))
                .andExpect(content().string(containsString(String.valueOf(job.number()))));

        mvc.perform(staff(post("/jobs/" + job.id() + "/status")).param("status", "in_progress"))
                .andExpect(redirectedUrl("/jobs/" + job.id()));
        assertThat(jobs.findById(job.id()).orElseThrow().status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(events.stream(JobStatusChanged.class))
                .contains(new JobStatusChanged(
                        job.id(), customer.id(), JobStatus.SCHEDULED, JobStatus.IN_PROGRESS, "dana"));

        mvc.perform(staff(get("/jobs/" + job.id())))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Scheduled → In progress")))
                .andExpect(content().string(containsString("/portal/" + job.portalToken())));
    }

    @Test
    void aJobWithoutATitleIsRefusedWithAMessage() throws Exception {
        var customer = customers.add("Jobs Tab Errors", List.of(), true);
        mvc.perform(staff(post("/customers/" + customer.id() + "/jobs")).param("title", "   "))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Enter a title for the job.")));
        assertThat(jobs.forCustomer(customer.id())).isEmpty();
    }

    @Test
    void settingTheSameStatusAgainAnnouncesNothing() throws Exception {
        var customer = customers.add("Same Status", List.of(), true);
        var job = jobs.add(customer.id(), "Nothing changes", "dana");
        mvc.perform(staff(post("/jobs/" + job.id() + "/status")).param("status", "scheduled"));
        assertThat(events.stream(JobStatusChanged.class)).isEmpty();
        assertThat(jobs.history(job.id())).hasSize(1);
    }

    private static MockHttpServletRequestBuilder staff(MockHttpServletRequestBuilder request) {
        return request.with(user("dana").roles("STAFF")).with(csrf());
    }
}
