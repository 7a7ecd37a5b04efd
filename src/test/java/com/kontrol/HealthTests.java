package com.kontrol;

import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A load balancer asks {@code /actuator/health/liveness} whether to restart an instance and {@code …/readiness}
 * whether to send it traffic, without a login; only an admin sees what the health is made of.
 */
@KontrolTest
// A readiness check must answer while the database is gone, not wait out the pool's default 30 s.
@TestPropertySource(properties = "spring.datasource.hikari.connection-timeout=1000")
class HealthTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    @Test
    void theProbesAnswerWithoutALoginAndShowNothingInside() throws Exception {
        mvc.perform(get("/actuator/health/liveness"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"status\":\"UP\"}", true));
        mvc.perform(get("/actuator/health/readiness"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"status\":\"UP\"}", true));
        mvc.perform(get("/actuator/health"))
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components").doesNotExist());
    }

    @Test
    void anAdminSeesTheMigrationsAndTheOutageSpoolInTheReadinessAndTheDatabaseInTheHealth() throws Exception {
        mvc.perform(get("/actuator/health/readiness").with(Staff.admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.migrations.status").value("UP"))
                .andExpect(jsonPath("$.components.migrations.details.expected").isString())
                .andExpect(jsonPath("$.components.spool.status").value("UP"))
                .andExpect(jsonPath("$.components.spool.details.depth").value(0));
        mvc.perform(get("/actuator/health").with(Staff.admin()))
                .andExpect(jsonPath("$.components.db.status").value("UP"));
        mvc.perform(get("/actuator/health").with(Staff.dana()))
                .andExpect(jsonPath("$.components").doesNotExist());
    }

    @Test
    void aDatabaseWithoutThisBuildsNewestMigrationIsNotReady() throws Exception {
        var newest = jdbc.sql("select max(installed_rank) from flyway_schema_history")
                .query(Integer.class)
                .single();
        jdbc.sql("update flyway_schema_history set success = false where installed_rank = :rank")
                .param("rank", newest)
                .update();
        try {
            mvc.perform(get("/actuator/health/readiness"))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(jsonPath("$.status").value("DOWN"));
            mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
        } finally {
            jdbc.sql("update flyway_schema_history set success = true where installed_rank = :rank")
                    .param("rank", newest)
                    .update();
        }
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
    }

    /**
     * Webhooks are answered from the outage spool while the database is away (see DatabaseOutageTests), so the instance
     * stays in traffic; the health as a whole (the database in it) is down.
     */
    @Test
    void anUnreachableDatabaseKeepsTheInstanceInTrafficAndDoesNotRestartIt() throws Exception {
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk()); // its migrations seen
        var url = environment.getRequiredProperty("spring.datasource.url");
        var name = url.substring(url.lastIndexOf('/') + 1);
        TestDatabase.adminStatement("alter database " + name + " allow_connections false");
        TestDatabase.adminStatement(
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + name + "'");
        try {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> mvc.perform(get("/actuator/health"))
                            .andExpect(status().isServiceUnavailable())
                            .andExpect(jsonPath("$.status").value("DOWN")));
            mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
            mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
        } finally {
            TestDatabase.adminStatement("alter database " + name + " allow_connections true");
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() ->
                        mvc.perform(get("/actuator/health").with(Staff.admin())).andExpect(status().isOk()));
    }
}
