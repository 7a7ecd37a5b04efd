package com.kontrol.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An integration keeps its jobs in step (issue 36): created for a customer it knows by its own reference, the same call
 * again changes nothing, a status it moves is a status change, and the list finds jobs by customer and status.
 */
@KontrolTest
@WithTwilioStandIn
class JobSyncApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aJobIsCreatedByItsReferenceOnceAndMovedByTheSameCall() throws Exception {
        var customerRef = "cust-" + System.nanoTime();
        var customer = customers.add("Jobbed Jo", List.of(TestCustomers.newPhone()), true);
        jdbc.sql("update customers set external_ref = :ref where id = :id")
                .param("ref", customerRef)
                .param("id", customer.id())
                .update();
        var ref = "job-" + System.nanoTime();
        var body = "{\"customerRef\":\"" + customerRef + "\",\"title\":\"Boiler service\"}";

        var created = json(upsert(ref, body).andExpect(status().isCreated()));
        assertThat(created.path("externalRef").asString()).isEqualTo(ref);
        assertThat(created.path("customerId").asLong()).isEqualTo(customer.id());
        long id = created.path("id").asLong();
        var again = json(upsert(ref, body).andExpect(status().isOk()));
        assertThat(again.path("id").asLong()).isEqualTo(id);
        assertThat(changes(id)).isEqualTo(1); // created, nothing since

        var moved = json(upsert(ref, "{\"status\":\"in_progress\"}").andExpect(status().isOk()));
        assertThat(moved.path("status").asString()).isEqualTo("in_progress");
        assertThat(changes(id)).isEqualTo(2);

        var listed = json(mvc.perform(get("/api/v1/jobs")
                        .param("customerId", String.valueOf(customer.id()))
                        .param("status", "in_progress")
                        .with(Staff.admin()))
                .andExpect(status().isOk()));
        assertThat(listed.path("jobs")).hasSize(1);
        assertThat(listed.path("jobs").get(0).path("id").asLong()).isEqualTo(id);

        upsert(
                        "job-other-" + System.nanoTime(),
                        "{\"customerRef\":\"nobody-" + System.nanoTime() + "\",\"title\":\"x\"}")
                .andExpect(status().isUnprocessableEntity());
        var other = customers.add("Other Otto", List.of(TestCustomers.newPhone()), true);
        upsert(ref, "{\"customerId\":" + other.id() + "}").andExpect(status().isConflict());
        upsert(ref, "{\"status\":\"sideways\"}").andExpect(status().isUnprocessableEntity());
    }

    private long changes(long jobId) {
        return jdbc.sql("select count(*) from job_status_changes where job_id = :id")
                .param("id", jobId)
                .query(Long.class)
                .single();
    }

    private ResultActions upsert(String ref, String body) throws Exception {
        return mvc.perform(put("/api/v1/jobs/by-ref/" + ref)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .with(Staff.admin()));
    }

    private static JsonNode json(ResultActions result) throws Exception {
        return JsonMapper.shared().readTree(result.andReturn().getResponse().getContentAsString());
    }
}
