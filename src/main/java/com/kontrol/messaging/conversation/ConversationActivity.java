package com.kontrol.messaging.conversation;

import com.kontrol.messaging.Message;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each text does to its customer's row in the conversations table, for {@link ConversationKeeper} in the text's
 * transaction: the last message and activity, since when the customer waits, reopened or not; the row is created with
 * the first text.
 */
@Repository
class ConversationActivity {

    private final JdbcClient jdbc;

    ConversationActivity(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // Customers' texts ({@link ArrivalUpkeep}, the SQL the intake also puts into the statement that stores them), given
    // as arrays: one statement for any number of texts and customers.
    private static final String RECEIVED = """
            with arrivals as (
                select * from unnest(cast(:customerIds as bigint[]), cast(:ids as bigint[]),
                                     cast(:ats as timestamptz[]), cast(:quiet as boolean[]))
                       as a(customer_id, id, created_at, quiet)
            ),
            %s
            select (select count(*) from updated) + (select count(*) from created)
            """.formatted(ArrivalUpkeep.keep("arrivals"));

    /** A customer's text for {@link #received(List)}: {@code acknowledgement} for a bare "ok" (or STOP, START). */
    record Received(Message message, boolean acknowledgement) {}

    /** Records the texts of one commit: their conversations, in one statement. */
    void received(List<Received> texts) {
        if (texts.isEmpty()) {
            return;
        }
        int n = texts.size();
        var customerIds = new Long[n];
        var ids = new Long[n];
        var ats = new String[n];
        var quiet = new Boolean[n];
        for (int i = 0; i < n; i++) {
            var m = texts.get(i).message();
            customerIds[i] = m.customerId();
            ids[i] = m.id();
            ats[i] = m.createdAt().toString(); // ISO 8601 with its offset, which PostgreSQL reads exactly
            quiet[i] = texts.get(i).acknowledgement();
        }
        received(customerIds, ids, ats, quiet);
    }

    private void received(Long[] customerIds, Long[] ids, String[] ats, Boolean[] quiet) {
        jdbc.sql(RECEIVED)
                .param("customerIds", customerIds)
                .param("ids", ids)
                .param("ats", ats)
                .param("quiet", quiet)
                .query(Long.class)
                .single();
    }

    /** Records a customer's text: it waits for an answer and reopens the conversation, unless a bare "ok". */
    void received(Message m, boolean acknowledgement) {
        received(List.of(new Received(m, acknowledgement)));
    }

    // A reply ends the wait: what it was (since when, first or next) comes back from the row as it was before.
    private static final String ANSWERED = """
            update conversations c set
                last_message_id = greatest(c.last_message_id, :id),
                last_activity_at = greatest(c.last_activity_at, :at),
                waiting_since = null,
                answered_at = :at
            from (select customer_id, waiting_since, wait_first from conversations
                  where customer_id = :customerId for update) before
            where c.customer_id = before.customer_id
            returning before.waiting_since, before.wait_first
            """;

    /** The wait a reply ended: since when the customer waited, and whether a first response was owed. */
    record EndedWait(OffsetDateTime since, boolean first) {}

    /**
     * Records a staff reply or a notification to the customer: nothing waits any more. The wait it ended, if the
     * customer waited.
     */
    Optional<EndedWait> answered(Message m) {
        var before = jdbc.sql(ANSWERED)
                .param("customerId", m.customerId())
                .param("id", m.id())
                .param("at", m.createdAt())
                .query((rs, n) -> new EndedWait(rs.getObject(1, OffsetDateTime.class), rs.getBoolean(2)))
                .optional();
        if (before.isEmpty()) {
            create(m.customerId(), m.id(), null, m.createdAt(), null, m.createdAt());
            return Optional.empty();
        }
        return before.filter(w -> w.since() != null);
    }

    private static final String CREATE = """
            insert into conversations (customer_id, last_message_id, last_inbound_id, last_activity_at, waiting_since,
                                       answered_at)
            select :customerId, :lastId, :inboundId, :at, :waitingSince, :answeredAt
            where not exists (select 1 from conversations where customer_id = :customerId)
            """;

    // Two first texts racing must not abort the transaction (which other texts may share).
    private static final String ON_CONFLICT = " on conflict (customer_id) do nothing";

    private void create(
            long customerId,
            long lastId,
            Long inboundId,
            OffsetDateTime at,
            OffsetDateTime waitingSince,
            OffsetDateTime answeredAt) {
        var insert = jdbc.sql(CREATE + ON_CONFLICT)
                .param("customerId", customerId)
                .param("lastId", lastId)
                .param("inboundId", inboundId)
                .param("at", at)
                .param("waitingSince", waitingSince)
                .param("answeredAt", answeredAt);
        try {
            if (insert.update() > 0) {
                return;
            }
        } catch (DuplicateKeyException e) {
            // created meanwhile: apply this text to it below
        }
        if (inboundId != null) {
            received(new Long[] {customerId}, new Long[] {lastId}, new String[] {at.toString()}, new Boolean[] {false});
        } else {
            jdbc.sql(ANSWERED)
                    .param("customerId", customerId)
                    .param("id", lastId)
                    .param("at", at)
                    .query((rs, n) -> n)
                    .list();
        }
    }

    // What went or came: a text still scheduled (its time is when it is due, later) or cancelled has neither moved
    // the conversation nor answered the customer.
    private static final String TOOK_PLACE = "and status not in ('scheduled', 'canceled')";

    private static final String REBUILD_EXISTING = """
            update conversations set
                last_message_id = (select max(id) from messages where customer_id = :customerId
                                   and direction <> 'note' %1$s),
                last_inbound_id = (select max(id) from messages where customer_id = :customerId
                                   and direction = 'inbound'),
                last_activity_at = (select max(created_at) from messages where customer_id = :customerId
                                    and direction <> 'note' %1$s),
                answered_at = (select max(created_at) from messages where customer_id = :customerId
                               and direction = 'outbound' %1$s),
                waiting_since = (select min(i.created_at) from messages i
                                 where i.customer_id = :customerId and i.direction = 'inbound'
                                   and i.id > coalesce((select max(o.id) from messages o
                                                        where o.customer_id = :customerId
                                                          and o.direction = 'outbound' %1$s), 0))
            where customer_id = :customerId
            """.formatted(TOOK_PLACE);

    /**
     * Recomputes a conversation from its messages, after texts joined the thread other than one at a time (an
     * unassigned number given to the customer). Reopens it when something now waits.
     */
    void rebuild(long customerId) {
        var last = jdbc.sql("select id, created_at, direction from messages where customer_id = :customerId"
                        + " and direction <> 'note' " + TOOK_PLACE + " order by id desc limit 1")
                .param("customerId", customerId)
                .query((rs, n) -> new Latest(
                        rs.getLong("id"),
                        rs.getObject("created_at", OffsetDateTime.class),
                        "inbound".equals(rs.getString("direction"))))
                .optional();
        if (last.isEmpty()) {
            return;
        }
        var m = last.get();
        create(
                customerId,
                m.id(),
                m.inbound() ? m.id() : null,
                m.at(),
                m.inbound() ? m.at() : null,
                m.inbound() ? null : m.at());
        jdbc.sql(REBUILD_EXISTING).param("customerId", customerId).update();
        jdbc.sql("update conversations set state = 'open', snoozed_until = null"
                        + " where customer_id = :customerId and waiting_since is not null and state <> 'open'")
                .param("customerId", customerId)
                .update();
    }

    private record Latest(long id, OffsetDateTime at, boolean inbound) {}
}
