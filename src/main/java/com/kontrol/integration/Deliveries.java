package com.kontrol.integration;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The deliveries of events to subscriptions ({@code webhook_deliveries}): the queue and its log. */
@Repository
class Deliveries {

    /** Retried this long after the event (or after "send again"), then given up. */
    static final Duration RETRIES = Duration.ofHours(24);

    /** How long a sender holds a delivery it claimed: far beyond the call's own timeouts. */
    static final Duration CLAIM = Duration.ofMinutes(2);

    record Pending(
            long id,
            long subscriptionId,
            String url,
            String eventId,
            String payload,
            int attempts,
            OffsetDateTime retriesFrom) {}

    /** A line of the delivery log. */
    record Delivery(
            long id,
            long subscriptionId,
            String url,
            String eventId,
            String eventType,
            OffsetDateTime createdAt,
            int attempts,
            OffsetDateTime deliveredAt,
            OffsetDateTime gaveUpAt,
            OffsetDateTime nextAttemptAt,
            Integer lastStatus,
            String lastError,
            OffsetDateTime lastAttemptAt) {

        public String state() {
            return deliveredAt != null
                    ? "delivered"
                    : gaveUpAt != null ? "gave up" : attempts == 0 ? "queued" : "retrying";
        }
    }

    private final JdbcClient jdbc;

    Deliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues one event for one subscription, in the caller's transaction. */
    void queue(long subscriptionId, String eventId, WebhookEvent type, String payload, OffsetDateTime now) {
        jdbc.sql("""
                        insert into webhook_deliveries
                            (subscription_id, event_id, event_type, payload, created_at, retries_from, next_attempt_at)
                        values (:subscription, :eventId, :type, :payload, :now, :now, :now)
                        """)
                .param("subscription", subscriptionId)
                .param("eventId", eventId)
                .param("type", type.type())
                .param("payload", payload)
                .param("now", now)
                .update();
    }

    /** A delivery that is due, and whose subscription it is for. */
    record Due(long id, long subscriptionId) {}

    /**
     * What is due, the first of each subscription only (deliveries to a receiver go one at a time, in order), so that
     * a subscription with a thousand waiting does not fill the round and starve the others.
     */
    List<Due> due(OffsetDateTime now, int limit) {
        return jdbc.sql("""
                        select id, subscription_id from (
                            select id, subscription_id, next_attempt_at,
                                   row_number() over (partition by subscription_id order by next_attempt_at, id) as nth
                            from webhook_deliveries
                            where next_attempt_at <= :now and (claimed_until is null or claimed_until < :now)
                        ) waiting
                        where nth = 1
                        order by next_attempt_at, id
                        limit :limit
                        """)
                .param("now", now)
                .param("limit", limit)
                .query((rs, n) -> new Due(rs.getLong(1), rs.getLong(2)))
                .list();
    }

    /** Takes a due delivery for this sender (false: another has it, or it is no longer due), counting the attempt. */
    Optional<Pending> claim(long id, OffsetDateTime now) {
        int claimed = jdbc.sql("""
                        update webhook_deliveries set claimed_until = :until, attempts = attempts + 1
                        where id = :id and next_attempt_at <= :now and (claimed_until is null or claimed_until < :now)
                        """)
                .param("id", id)
                .param("now", now)
                .param("until", now.plus(CLAIM))
                .update();
        if (claimed == 0) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select d.id, d.subscription_id, s.url, d.event_id, d.payload, d.attempts, d.retries_from
                        from webhook_deliveries d join webhook_subscriptions s on s.id = d.subscription_id
                        where d.id = :id
                        """)
                .param("id", id)
                .query((rs, n) -> new Pending(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getInt(6),
                        rs.getObject(7, OffsetDateTime.class)))
                .optional();
    }

    void delivered(long id, int status, OffsetDateTime at) {
        jdbc.sql("""
                        update webhook_deliveries
                        set delivered_at = :at, next_attempt_at = null, claimed_until = null, last_status = :status,
                            last_error = null, last_attempt_at = :at
                        where id = :id
                        """).param("at", at).param("status", status).param("id", id).update();
    }

    /** Records a failed attempt: tried again at {@code next}, or given up when {@code next} is null. */
    void failed(long id, Integer status, String error, OffsetDateTime at, OffsetDateTime next) {
        var why = error == null ? null : error.length() > 500 ? error.substring(0, 500) : error;
        jdbc.sql("""
                        update webhook_deliveries
                        set next_attempt_at = :next, gave_up_at = :gaveUp, claimed_until = null,
                            last_status = :status, last_error = :why, last_attempt_at = :at
                        where id = :id
                        """)
                .param("next", next)
                .param("gaveUp", next == null ? at : null)
                .param("at", at)
                .param("status", status)
                .param("why", why)
                .param("id", id)
                .update();
    }

    /** Posts it again now, with the same event id, and gives it another day of retries. */
    boolean sendAgain(long id, OffsetDateTime now) {
        return jdbc.sql("""
                        update webhook_deliveries
                        set next_attempt_at = :now, retries_from = :now, delivered_at = null, gave_up_at = null
                        where id = :id and (claimed_until is null or claimed_until < :now)
                        """).param("now", now).param("id", id).update() == 1;
    }

    /** The newest deliveries, newest first. */
    List<Delivery> latest(int limit) {
        return jdbc.sql("""
                        select d.id, d.subscription_id, s.url, d.event_id, d.event_type, d.created_at, d.attempts,
                               d.delivered_at, d.gave_up_at, d.next_attempt_at, d.last_status, d.last_error,
                               d.last_attempt_at
                        from webhook_deliveries d join webhook_subscriptions s on s.id = d.subscription_id
                        order by d.id desc
                        limit :limit
                        """)
                .param("limit", limit)
                .query((rs, n) -> new Delivery(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class),
                        rs.getInt(7),
                        rs.getObject(8, OffsetDateTime.class),
                        rs.getObject(9, OffsetDateTime.class),
                        rs.getObject(10, OffsetDateTime.class),
                        rs.getObject(11, Integer.class),
                        rs.getString(12),
                        rs.getObject(13, OffsetDateTime.class)))
                .list();
    }

    /** Forgets deliveries that ended before {@code before}. */
    int forget(OffsetDateTime before) {
        return jdbc.sql("delete from webhook_deliveries where delivered_at < :before or gave_up_at < :before")
                .param("before", before)
                .update();
    }
}
