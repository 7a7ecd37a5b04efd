package com.kontrol;

import static org.awaitility.Awaitility.await;

import com.kontrol.messaging.Messages;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Visits for tests. */
public final class TestVisits {

    private TestVisits() {}

    /**
     * Sends a visit's reminder now rather than the day before: released to the outbox's worker and waited for until
     * the provider (the stand-in) took it, so that the customer may answer it.
     */
    public static void sendReminderNow(JdbcClient jdbc, Messages messages, long visitId) {
        var reminder = jdbc.sql("select message_id from visit_reminders where visit_id = :id")
                .param("id", visitId)
                .query(Long.class)
                .single();
        jdbc.sql("update messages set next_attempt_at = :now where id = :id")
                .param("now", OffsetDateTime.now().minusSeconds(1))
                .param("id", reminder)
                .update();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> messages.findById(reminder).orElseThrow().sid() != null);
    }
}
