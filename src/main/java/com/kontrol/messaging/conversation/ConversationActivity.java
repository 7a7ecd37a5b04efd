package com.kontrol.messaging.conversation;

import com.kontrol.messaging.Message;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
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
    private final NamedParameterJdbcTemplate named;

    ConversationActivity(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.named = named;
        this.jdbc = jdbc;
    }

    // A customer text. "quiet": a bare acknowledgement to a conversation that is answered, closed or snoozed, which
    // is shown (last message, activity) but neither reopens it nor makes it wait.
    private static final String RECEIVED = """
            update conversations set
                last_message_id = greatest(last_message_id, :id),
                last_inbound_id = greatest(coalesce(last_inbound_id, 0), :id),
                last_activity_at = greatest(last_activity_at, :at),
                waiting_since = case when :ack and (state <> 'open' or waiting_since is null) then waiting_since
                                     else coalesce(waiting_since, :at) end,
                snoozed_until = case when :ack and (state <> 'open' or waiting_since is null) then snoozed_until
                                     else null end,
                state = case when :ack and (state <> 'open' or waiting_since is null) then state else 'open' end
            where customer_id = :customerId
            """;

    /** A customer's text for {@link #received(List)}: {@code acknowledgement} for a bare "ok" (or STOP, START). */
    record Received(Message message, boolean acknowledgement) {}

    /**
     * Records the texts of one commit, in order. The customers who sent one of them are updated in one batch (one
     * round trip); a customer's second text of the same group, and a first conversation, after it, one by one.
     */
    void received(List<Received> texts) {
        var once = new TreeMap<Long, Received>(); // by customer: instances lock rows in one order
        var again = new ArrayList<Received>();
        for (var t : texts) {
            if (once.putIfAbsent(t.message().customerId(), t) != null) {
                again.add(t);
            }
        }
        if (once.size() == 1) {
            once.values().forEach(t -> received(t.message(), t.acknowledgement()));
        } else if (!once.isEmpty()) {
            var firsts = List.copyOf(once.values());
            var params = new SqlParameterSource[firsts.size()];
            for (int i = 0; i < params.length; i++) {
                var m = firsts.get(i).message();
                params[i] = new MapSqlParameterSource()
                        .addValue("customerId", m.customerId())
                        .addValue("id", m.id())
                        .addValue("at", m.createdAt())
                        .addValue("ack", firsts.get(i).acknowledgement());
            }
            var updated = named.batchUpdate(RECEIVED, params);
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] == 0) { // the customer's first conversation
                    var m = firsts.get(i).message();
                    create(m.customerId(), m.id(), m.id(), m.createdAt(), m.createdAt(), null);
                }
            }
        }
        again.forEach(t -> received(t.message(), t.acknowledgement()));
    }

    /** Records a customer's text: it waits for an answer and reopens the conversation, unless a bare "ok". */
    void received(Message m, boolean acknowledgement) {
        var update = jdbc.sql(RECEIVED)
                .param("customerId", m.customerId())
                .param("id", m.id())
                .param("at", m.createdAt())
                .param("ack", acknowledgement);
        if (update.update() == 0) {
            create(m.customerId(), m.id(), m.id(), m.createdAt(), m.createdAt(), null);
        }
    }

    private static final String ANSWERED = """
            update conversations set
                last_message_id = greatest(last_message_id, :id),
                last_activity_at = greatest(last_activity_at, :at),
                waiting_since = null,
                answered_at = :at
            where customer_id = :customerId
            """;

    /** Records a staff reply or a notification to the customer: nothing waits any more. */
    void answered(Message m) {
        var update = jdbc.sql(ANSWERED)
                .param("customerId", m.customerId())
                .param("id", m.id())
                .param("at", m.createdAt());
        if (update.update() == 0) {
            create(m.customerId(), m.id(), null, m.createdAt(), null, m.createdAt());
        }
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
            jdbc.sql(RECEIVED)
                    .param("customerId", customerId)
                    .param("id", lastId)
                    .param("at", at)
                    .param("ack", false)
                    .update();
        } else {
            jdbc.sql(ANSWERED)
                    .param("customerId", customerId)
                    .param("id", lastId)
                    .param("at", at)
                    .update();
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
