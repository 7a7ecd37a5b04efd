package com.kontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.customer.Customers;
import com.kontrol.messaging.Messages;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The embedded default keeps storing texts after the pool retires the connection that created the schema (every
 * connection is retired after Hikari's {@code max-lifetime}, 30 minutes). H2 2.4.240 tied each IN-list check
 * constraint to the session that created it, so from then on every insert into {@code messages} failed with "Check
 * constraint invalid … The database has been closed" (h2database issues #4292, #4308, #4342).
 */
@KontrolTest
@WithTwilioStandIn
@TestPropertySource(
        properties = "spring.datasource.url=jdbc:h2:file:${kontrol.data-dir}/kontrol;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE")
class EmbeddedDatabaseTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    HikariDataSource pool;

    @Autowired
    DataSourceProperties dataSource;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    TwilioStandIn twilio;

    @Test
    void textsFlowInAndOutOnceEveryConnectionThatMigratedTheSchemaIsRetired() throws Exception {
        retireEveryPooledConnection();

        var customer = customers.add("Recycled", List.of(TestCustomers.newPhone()), true);
        var phone = customer.primaryPhone().orElseThrow().e164();
        var sid = Webhooks.newSid();
        new Webhooks(mvc).inbound(Webhooks.text(sid, phone, "Still there?")).andExpect(status().isOk());
        assertThat(messages.findBySid(sid))
                .hasValueSatisfying(m -> assertThat(m.customerId()).isEqualTo(customer.id()));

        mvc.perform(post("/api/v1/customers/" + customer.id() + "/messages")
                        .with(httpBasic("admin", TestDatabase.ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\": \"Yes, on our way\"}"))
                .andExpect(status().isAccepted());
        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.sendsTo(phone).size() == 1);
    }

    /**
     * What 30 minutes of {@code max-lifetime} does to the pool, at once: every session open now (among them the one
     * Flyway migrated with) is closed and replaced. A connection of the test's own keeps the database open meanwhile,
     * as the pool's other connections do in production, where they retire at different moments.
     */
    private void retireEveryPooledConnection() throws Exception {
        try (Connection keepOpen =
                DriverManager.getConnection(dataSource.determineUrl(), dataSource.determineUsername(), "")) {
            var before = sessions(keepOpen);
            pool.getHikariPoolMXBean().softEvictConnections();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> sessions(keepOpen).stream().noneMatch(before::contains));
            jdbc.sql("select 1").query(Integer.class).single(); // a new pooled connection serves
        }
    }

    private static Set<Integer> sessions(Connection own) throws Exception {
        var ids = new HashSet<Integer>();
        try (var s = own.createStatement();
                var r = s.executeQuery(
                        "select session_id from information_schema.sessions where session_id <> session_id()")) {
            while (r.next()) ids.add(r.getInt(1));
        }
        return ids;
    }
}
