package com.kontrol.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.TestDatabase;
import com.kontrol.customer.Customers;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@KontrolTest
class JobApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Jobs jobs;

    @Autowired
    Approvals approvals;

    @Test
    void jobsGetConsecutiveHumanFriendlyNumbersAndAStablePortalLink() throws Exception {
        var customer = customers.add("Job Numbers", List.of(), true);
        var first = create(customer.id(), "First");
        var second = create(customer.id(), "Second");
        assertThat(first.number()).isGreaterThanOrEqualTo(1001);
        assertThat(second.number()).isEqualTo(first.number() + 1);
        assertThat(first.portalToken()).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(second.portalToken());

        mvc.perform(api(get("/api/v1/jobs/" + first.id())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.number").value(first.number()))
                .andExpect(jsonPath("$.status").value("scheduled"))
                .andExpect(jsonPath("$.customerId").value(customer.id()))
                .andExpect(jsonPath("$.portalUrl").value("http://localhost/portal/" + first.portalToken()))
                .andExpect(jsonPath("$.approvalRequests").isArray());
        mvc.perform(get("/portal/" + first.portalToken())).andExpect(status().isOk());
        mvc.perform(get("/portal/not-a-token")).andExpect(status().isNotFound());
    }

    @Test
    void aStatusChangeIsRecordedInTheJobsHistory() throws Exception {
        var customer = customers.add("Job Status", List.of(), true);
        var job = create(customer.id(), "Fix the sink");
        mvc.perform(api(patch("/api/v1/jobs/" + job.id())).content("{\"status\":\"in_progress\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("in_progress"));
        mvc.perform(api(patch("/api/v1/jobs/" + job.id())).content("{\"status\":\"completed\"}"))
                .andExpect(status().isOk());
        assertThat(jobs.history(job.id()))
                .extracting(StatusChange::from, StatusChange::to, StatusChange::changedBy)
                .containsExactly(
                        Tuple.tuple(null, JobStatus.SCHEDULED, "admin"),
                        Tuple.tuple(JobStatus.SCHEDULED, JobStatus.IN_PROGRESS, "admin"),
                        Tuple.tuple(JobStatus.IN_PROGRESS, JobStatus.COMPLETED, "admin"));
    }

    @Test
    void badInputGetsAClearErrorAndCreatesNothing() throws Exception {
        var customer = customers.add("Job Errors", List.of(), true);
        mvc.perform(api(post("/api/v1/jobs")).content("{\"customerId\":987654321,\"title\":\"Ghost\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value("There is no customer 987654321."));
        mvc.perform(api(post("/api/v1/jobs")).content("{\"customerId\":" + customer.id() + ",\"title\":\"\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value("Enter a title for the job."));
        mvc.perform(api(post("/api/v1/jobs")).content("{\"title\":\"No customer\"}"))
                .andExpect(status().isUnprocessableContent());
        assertThat(jobs.forCustomer(customer.id())).isEmpty();

        var job = create(customer.id(), "Real");
        mvc.perform(api(patch("/api/v1/jobs/" + job.id())).content("{\"status\":\"finished\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("in_progress")));
        mvc.perform(api(patch("/api/v1/jobs/987654321")).content("{\"status\":\"completed\"}"))
                .andExpect(status().isNotFound());
        assertThat(jobs.findById(job.id()).orElseThrow().status()).isEqualTo(JobStatus.SCHEDULED);
    }

    @Test
    void anAmountBeyondTheColumnOrFinerThanCentsIsRefusedWithItsLimit() throws Exception {
        var job = create(customers.add("Big Amount", List.of(), true).id(), "Roof");
        for (var amount : List.of("1e10", "12345678901", "0.001")) {
            mvc.perform(api(post("/api/v1/jobs/" + job.id() + "/approval-requests"))
                            .content("{\"summary\":\"New roof\",\"amount\":" + amount + "}"))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.error").value(Matchers.containsString("amount")));
        }
        mvc.perform(api(post("/api/v1/jobs/" + job.id() + "/approval-requests"))
                        .content("{\"summary\":\"New roof\",\"amount\":9999999999.99}"))
                .andExpect(status().isCreated());
    }

    @Test
    void aNumberOrTrueWhereTextBelongsIsRefusedWithTheFieldNamed() throws Exception {
        var job = create(customers.add("Typed Summary", List.of(), true).id(), "Roof");
        for (var summary : List.of("true", "12", "1.5")) {
            mvc.perform(api(post("/api/v1/jobs/" + job.id() + "/approval-requests"))
                            .content("{\"summary\":" + summary + ",\"amount\":100}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value("summary must be a string."));
        }
        mvc.perform(api(post("/api/v1/jobs")).content("{\"customerId\":\"x\",\"title\":\"Roof\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("customerId must be a number."));
        assertThat(approvals.ofJob(job.id())).isEmpty();
    }

    private Job create(long customerId, String title) throws Exception {
        var body = mvc.perform(api(post("/api/v1/jobs"))
                        .content("{\"customerId\":" + customerId + ",\"title\":\"" + title + "\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("scheduled"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        long id = Long.parseLong(body.replaceAll(".*\"id\":(\\d+).*", "$1"));
        return jobs.findById(id).orElseThrow();
    }

    private static MockHttpServletRequestBuilder api(MockHttpServletRequestBuilder request) {
        return request.with(httpBasic("admin", TestDatabase.ADMIN_PASSWORD)).contentType(MediaType.APPLICATION_JSON);
    }
}
