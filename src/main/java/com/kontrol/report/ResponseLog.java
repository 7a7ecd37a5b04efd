package com.kontrol.report;

import com.kontrol.hours.BusinessHours;
import com.kontrol.messaging.CustomerAnswered;
import java.time.Duration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps each answer to a waiting customer as it happens, in the answer's transaction: how long the customer waited on
 * the clock and in business hours (so "a text at 23:00 answered at 08:05 waited five minutes"), first or next, and who
 * answered. Reports read these rows; they never work response times out again from every message.
 */
@Component
class ResponseLog {

    private final JdbcClient jdbc;
    private final BusinessHours hours;
    private final ResponseDays days;

    ResponseLog(JdbcClient jdbc, BusinessHours hours, ResponseDays days) {
        this.jdbc = jdbc;
        this.hours = hours;
        this.days = days;
    }

    @EventListener
    void answered(CustomerAnswered answer) {
        var since = answer.waitedSince().toInstant();
        var at = answer.answeredAt().toInstant();
        var kind = answer.first() ? "first" : "next";
        long wall = Math.max(0, Duration.between(since, at).toSeconds());
        long business = hours.openBetween(since, at).toSeconds();
        jdbc.sql("""
                        insert into report_responses (customer_id, message_id, username, kind, waited_since, answered_at,
                                                      wall_seconds, business_seconds)
                        values (:customerId, :messageId, :username, :kind, :since, :at, :wall, :business)
                        """)
                .param("customerId", answer.customerId())
                .param("messageId", answer.messageId())
                .param("username", answer.username())
                .param("kind", kind)
                .param("since", answer.waitedSince())
                .param("at", answer.answeredAt())
                .param("wall", wall)
                .param("business", business)
                .update();
        days.add(at, kind, answer.username(), business, wall);
    }
}
