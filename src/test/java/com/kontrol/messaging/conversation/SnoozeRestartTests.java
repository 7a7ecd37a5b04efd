package com.kontrol.messaging.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.KontrolTest;
import com.kontrol.SecondInstance;
import com.kontrol.TestCustomers;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customers;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;

/**
 * A snooze lives in the database, so one that came due while Kontrol was down is still there to wake (each instance's
 * alarm runs at start and every 15 s); with two instances running it wakes once.
 */
@KontrolTest
@WithTwilioStandIn
class SnoozeRestartTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Conversations conversations;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    @Test
    void aSnoozeThatCameDueWhileNobodyRanWakesOnceWithTwoInstancesRunning() throws Exception {
        var customer = customers.add("Snoozed Over A Restart", List.of(TestCustomers.newPhone()), true);
        new Webhooks(mvc)
                .inbound(Webhooks.text(
                        Webhooks.newSid(), customer.primaryPhone().orElseThrow().e164(), "call me"))
                .andExpect(MockMvcResultMatchers.status().isOk());
        // As a snooze set yesterday for an hour ago leaves the row, the servers having been down since.
        jdbc.sql("update conversations set state = 'snoozed', snoozed_until = :until where customer_id = :id")
                .param("until", OffsetDateTime.now().minusHours(1))
                .param("id", customer.id())
                .update();

        try (var second = SecondInstance.start(environment)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> "open"
                            .equals(conversations
                                    .find(customer.id(), "admin")
                                    .orElseThrow()
                                    .state()));
            await().during(Duration.ofSeconds(1)) // both alarms have had their turn at it
                    .atMost(Duration.ofSeconds(6))
                    .untilAsserted(() -> assertThat(audit.ofCustomer(customer.id(), AuditAction.CONVERSATION_WOKEN, 10))
                            .hasSize(1));
            assertThat(conversations.find(customer.id(), "admin").orElseThrow().waitingSince())
                    .isNotNull(); // back in Needs reply
        }
    }
}
