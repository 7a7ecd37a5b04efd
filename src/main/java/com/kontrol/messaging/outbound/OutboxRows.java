package com.kontrol.messaging.outbound;

import com.kontrol.messaging.DeliveryStatus;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The outbox's rows before they go: a text written {@code queued} (or held, or scheduled and released when due),
 * postponed, withdrawn or cancelled while not on its way, and a failed one resent; {@link SendAttempts} is the
 * worker's side.
 */
@Repository
class OutboxRows {

    private final JdbcClient jdbc;
    private final Messages messages;

    private final Clock clock;

    OutboxRows(JdbcClient jdbc, Messages messages, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.messages = messages;
    }

    private static final String SET_CALLBACK = """
            update messages set status_callback = :callback, next_attempt_at = :notBefore, priority = :priority
            where id = :id
            """;

    /** A text someone typed goes first; automatic ones (notifications) wait behind it on the same number. */
    static final int TYPED = 0;

    static final int AUTOMATIC = 1;

    /**
     * Writes an outbound text to the outbox, with the base URL its delivery reports are to come back to, to go no
     * sooner than {@code notBefore} (null: at once), at {@link #TYPED} or {@link #AUTOMATIC} priority.
     */
    @Transactional
    Message addQueued(Message m, String publicBaseUrl, OffsetDateTime notBefore, int priority) {
        var stored = messages.add(m);
        jdbc.sql(SET_CALLBACK)
                .param("id", stored.id())
                .param("callback", publicBaseUrl)
                .param("notBefore", notBefore)
                .param("priority", priority)
                .update();
        return stored;
    }

    /** Writes an automatic text the governor held: failed at once, saying why, so that the thread shows it. */
    @Transactional
    Message addHeld(Message m, String why) {
        var stored = messages.add(m.withStatus(DeliveryStatus.FAILED));
        jdbc.sql("update messages set error_message = :why where id = :id")
                .param("id", stored.id())
                .param("why", why)
                .update();
        return messages.findById(stored.id()).orElseThrow();
    }

    /** Holds a scheduled or queued text until {@code until} (quiet hours where its recipient lives). */
    boolean postpone(long id, OffsetDateTime until, OffsetDateTime now) {
        return jdbc.sql("""
                                update messages set next_attempt_at = :until, updated_at = :now
                                where id = :id and status in ('scheduled', 'queued') and sid is null
                                """)
                        .param("id", id)
                        .param("until", until)
                        .param("now", now)
                        .update()
                == 1;
    }

    private static final String CANCEL_UNSENT = """
            update messages set status = 'canceled', updated_at = :now
            where id = :id and (status in ('queued', 'scheduled') and sid is null and sending_since is null) is true
            """; // (only the primary key can find the row: see SendAttempts.CLAIM)

    boolean cancelUnsent(long id) {
        return jdbc.sql(CANCEL_UNSENT)
                        .param("id", id)
                        .param("now", OffsetDateTime.now(clock))
                        .update()
                == 1;
    }

    // Texts still waiting in the outbox (a notification settling, a retry backing off) to a number that has just opted
    // out, whoever they are for: none of them may go. The partial index of queued rows finds them.
    private static final String QUEUED_TO = """
            select id, customer_id from messages
            where status = 'queued' and direction = 'outbound' and to_address = :phone
            """;

    private static final String WITHDRAW = """
            update messages set status = 'failed', error_message = :why, next_attempt_at = null, updated_at = :now
            where id = :id and (status = 'queued' and sid is null and sending_since is null) is true
            """;

    /** A text taken back before it went, and whose thread it was in (null: the unassigned inbox's). */
    record Withdrawn(long id, Long customerId) {}

    /** Fails the texts queued for the number that have not gone out yet. */
    List<Withdrawn> withdrawQueuedTo(String phone, String why) {
        var queued = jdbc.sql(QUEUED_TO)
                .param("phone", phone)
                .query((rs, n) -> new Withdrawn(rs.getLong("id"), (Long) rs.getObject("customer_id", Long.class)))
                .list();
        var now = OffsetDateTime.now(clock);
        return queued.stream().filter(w -> withdraw(w.id(), why, now)).toList();
    }

    private boolean withdraw(long id, String why, OffsetDateTime now) {
        return jdbc.sql(WITHDRAW)
                        .param("id", id)
                        .param("why", why)
                        .param("now", now)
                        .update()
                == 1;
    }

    // A scheduled text is a row like any other, status 'scheduled', due at next_attempt_at (which the worker ignores
    // until it is queued), its body as it was typed: shortcodes are expanded, and every check made, when it is due.
    private static final String DUE_SCHEDULED = """
            select id from messages where status = 'scheduled' and next_attempt_at <= :now
            order by next_attempt_at, id
            limit :limit
            """;

    List<Long> dueScheduled(OffsetDateTime now, int limit) {
        return jdbc.sql(DUE_SCHEDULED)
                .param("now", now)
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    private static final String RELEASE = """
            update messages set status = 'queued', body = :body, next_attempt_at = null, created_at = :now,
                                updated_at = :now
            where id = :id and status = 'scheduled'
            """;

    /** A due scheduled text joins the queue as {@code body}, sent now; false when another instance did it first. */
    boolean release(long id, String body, OffsetDateTime now) {
        return jdbc.sql(RELEASE)
                        .param("id", id)
                        .param("body", body)
                        .param("now", now)
                        .update()
                == 1;
    }

    private static final String NOT_SENT = """
            update messages set status = 'failed', error_message = :why, next_attempt_at = null, updated_at = :now
            where id = :id and status = 'scheduled'
            """;

    /** A due scheduled text that can no longer go (the customer opted out meanwhile): failed, saying why. */
    boolean notSent(long id, String why, OffsetDateTime now) {
        return jdbc.sql(NOT_SENT)
                        .param("id", id)
                        .param("why", why)
                        .param("now", now)
                        .update()
                == 1;
    }

    private static final String RESCHEDULE = """
            update messages set body = :body, next_attempt_at = :at, created_at = :at, job_id = :jobId,
                                updated_at = :now
            where id = :id and status = 'scheduled'
            """;

    /** Changes a scheduled text's words and time; false once it has gone (or was cancelled). */
    boolean reschedule(long id, String body, Long jobId, OffsetDateTime at, OffsetDateTime now) {
        return jdbc.sql(RESCHEDULE)
                        .param("id", id)
                        .param("body", body)
                        .param("jobId", jobId)
                        .param("at", at)
                        .param("now", now)
                        .update()
                == 1;
    }

    private static final String CLAIM_RESEND = """
            update messages set resent_by = :by, updated_at = :now
            where id = :id and resent_by is null and direction = 'outbound' and status in ('failed', 'undelivered')
            """;

    /**
     * Marks a failed text as sent again by {@code by}; false when someone already did. The row stays locked until the
     * caller's transaction ends, so a second press at the same moment waits and then finds it taken.
     */
    boolean claimResend(long id, String by) {
        return jdbc.sql(CLAIM_RESEND)
                        .param("id", id)
                        .param("by", by)
                        .param("now", OffsetDateTime.now(clock))
                        .update()
                == 1;
    }

    /** Points a resent text at its new attempt. */
    void supersede(long id, long newId) {
        jdbc.sql("update messages set superseded_by = :newId where id = :id")
                .param("id", id)
                .param("newId", newId)
                .update();
    }
}
