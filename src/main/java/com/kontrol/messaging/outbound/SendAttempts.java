package com.kontrol.messaging.outbound;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox from the {@link OutboundWorker}'s side: which queued texts are due, claiming one (or failing it when its
 * number opted out), and how its attempt ended: accepted with the provider's SID, failed, or due again later.
 */
@Repository
class SendAttempts {

    private final JdbcClient jdbc;
    private final Clock clock;

    SendAttempts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** An outbox entry as the worker sees it. */
    record Pending(
            long id,
            String from,
            String to,
            String body,
            String statusCallback,
            int attempts,
            boolean checkBeforeResend,
            OffsetDateTime sendingSince,
            Long customerId,
            OffsetDateTime createdAt,
            boolean hasMedia,
            boolean recipientOptedOut,
            boolean onKontrolsSchedule) {

        boolean mayHaveArrivedBefore() {
            return checkBeforeResend || sendingSince != null;
        }
    }

    // Queued, not accepted yet, due, and either idle or in flight for so long that its sender must have died; typed
    // replies first, then in the order they were queued.
    static final String DUE = """
            select id, from_address, to_address, body, status_callback, send_attempts, check_before_resend,
                   sending_since, customer_id, created_at,
                   exists (select 1 from message_media mm where mm.message_id = messages.id) as has_media,
                   exists (select 1 from number_consent n where n.phone = messages.to_address and n.opted_out)
                       as opted_out,
                   exists (select 1 from automatic_texts a where a.message_id = messages.id and a.trigger = 'scheduled')
                       as on_schedule
            from messages
            where status = 'queued' and direction = 'outbound' and sid is null
              and (next_attempt_at is null or next_attempt_at <= :now)
              and (sending_since is null or sending_since < :staleBefore)
            order by priority, id
            limit :limit
            """;

    List<Pending> due(OffsetDateTime now, OffsetDateTime staleBefore, int limit) {
        return jdbc.sql(DUE)
                .param("now", now)
                .param("staleBefore", staleBefore)
                .param("limit", limit)
                .query((rs, n) -> new Pending(
                        rs.getLong("id"),
                        rs.getString("from_address"),
                        rs.getString("to_address"),
                        rs.getString("body"),
                        rs.getString("status_callback"),
                        rs.getInt("send_attempts"),
                        rs.getBoolean("check_before_resend"),
                        rs.getObject("sending_since", OffsetDateTime.class),
                        (Long) rs.getObject("customer_id", Long.class),
                        rs.getObject("created_at", OffsetDateTime.class),
                        rs.getBoolean("has_media"),
                        rs.getBoolean("opted_out"),
                        rs.getBoolean("on_schedule")))
                .list();
    }

    // A text the worker is about to claim whose number opted out meanwhile (its STOP committed on another instance
    // after this one read the batch); the worker's own stale claim included.
    private static final String WITHDRAW_DUE = """
            update messages set status = 'failed', error_message = :why, next_attempt_at = null, updated_at = :now
            where id = :id and (status = 'queued' and sid is null and send_attempts = :attempts) is true
            """;

    /** Fails a due text instead of claiming it; false when another worker took it first. */
    boolean withdrawDue(Pending p, String why, OffsetDateTime now) {
        return jdbc.sql(WITHDRAW_DUE)
                        .param("id", p.id())
                        .param("attempts", p.attempts())
                        .param("why", why)
                        .param("now", now)
                        .update()
                == 1;
    }

    // A claim succeeds for exactly one worker, on any instance: the row must still look as that worker saw it.
    // That check is one "(…) is true" on purpose, so that only the primary key can find the row: once ANALYZE has seen
    // a table where every row has a SID, PostgreSQL takes "sid is null" for the rarest condition and plans the update
    // through messages_sid_key (or "status = 'queued'" through messages_queue_by_priority), walking the entry of every
    // queued row for each claim: at 20,000 queued, half the speed. A poll's claims go in one statement, one round trip
    // to the database for the batch instead of one each; the arrays' rows drive a nested loop on the primary key.
    static final String CLAIM_ALL = """
            update messages m
            set sending_since = :now, send_attempts = m.send_attempts + 1,
                check_before_resend = (m.check_before_resend or m.sending_since is not null)
            from unnest(cast(:ids as bigint[]), cast(:attempts as int[])) as c(id, attempts)
            where m.id = c.id and (m.status = 'queued' and m.sid is null and m.send_attempts = c.attempts) is true
            returning m.id
            """;

    /** Takes outbox entries for sending; the ids of those no other worker took first. */
    Set<Long> claimAll(List<Pending> pending, OffsetDateTime now) {
        if (pending.isEmpty()) {
            return Set.of();
        }
        var ids = new Long[pending.size()];
        var attempts = new Integer[pending.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = pending.get(i).id();
            attempts[i] = pending.get(i).attempts();
        }
        return new HashSet<>(jdbc.sql(CLAIM_ALL)
                .param("ids", ids)
                .param("attempts", attempts)
                .param("now", now)
                .query(Long.class)
                .list());
    }

    private static final String ACCEPTED = """
            update messages
            set sid = :sid, status = :status, sending_since = null, check_before_resend = false, updated_at = :now
            where id = :id
            """;

    void accepted(long id, String sid, String status) {
        jdbc.sql(ACCEPTED)
                .param("id", id)
                .param("sid", sid)
                .param("status", status)
                .param("now", OffsetDateTime.now(clock))
                .update();
    }

    // The same for the texts accepted at the same moment, in one statement.
    private static final String ACCEPTED_ALL = """
            update messages m
            set sid = a.sid, status = a.status, sending_since = null, check_before_resend = false, updated_at = :now
            from unnest(cast(:ids as bigint[]), cast(:sids as varchar[]), cast(:statuses as varchar[]))
                 as a(id, sid, status)
            where m.id = a.id
            """;

    void acceptedAll(List<AcceptedTexts.Accepted> accepted) {
        int n = accepted.size();
        var ids = new Long[n];
        var sids = new String[n];
        var statuses = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = accepted.get(i).text().id();
            sids[i] = accepted.get(i).sid();
            statuses[i] = accepted.get(i).status();
        }
        jdbc.sql(ACCEPTED_ALL)
                .param("ids", ids)
                .param("sids", sids)
                .param("statuses", statuses)
                .param("now", OffsetDateTime.now(clock))
                .update();
    }

    /** The number a Messaging Service sent the text from, in place of the service's SID: the thread shows it. */
    void sentFrom(long id, String from) {
        jdbc.sql("update messages set from_address = :from where id = :id")
                .param("id", id)
                .param("from", from)
                .update();
    }

    private static final String FAILED = """
            update messages
            set status = 'failed', error_code = :code, error_message = :text, sending_since = null, updated_at = :now
            where id = :id
            """;

    void failed(long id, Integer code, String text) {
        jdbc.sql(FAILED)
                .param("id", id)
                .param("code", code)
                .param("text", text)
                .param("now", OffsetDateTime.now(clock))
                .update();
    }

    private static final String RETRY = """
            update messages
            set next_attempt_at = :at, sending_since = null, check_before_resend = :check, error_message = :reason,
                updated_at = :now
            where id = :id
            """;

    void retryAt(long id, OffsetDateTime at, boolean checkBeforeResend, String reason) {
        jdbc.sql(RETRY)
                .param("id", id)
                .param("at", at)
                .param("check", checkBeforeResend)
                .param("reason", reason)
                .param("now", OffsetDateTime.now(clock))
                .update();
    }

    boolean sidExists(String sid) {
        return jdbc.sql("select count(*) from messages where sid = :sid")
                        .param("sid", sid)
                        .query(Long.class)
                        .single()
                > 0;
    }
}
