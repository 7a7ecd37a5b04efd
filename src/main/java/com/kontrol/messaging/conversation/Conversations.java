package com.kontrol.messaging.conversation;

import com.kontrol.messaging.Message;
import com.kontrol.messaging.WaitingCustomers;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The conversations table: kept up to date by {@link ConversationKeeper} in the transaction of each text, and read by
 * the team inbox's views. Each view is one index range in its own order, paged by the last row's key.
 */
@Repository
public class Conversations implements WaitingCustomers {

    static final int MAX_PAGE = 100;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    Conversations(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
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

    private static final String REBUILD_EXISTING = """
            update conversations set
                last_message_id = (select max(id) from messages where customer_id = :customerId
                                   and direction <> 'note'),
                last_inbound_id = (select max(id) from messages where customer_id = :customerId
                                   and direction = 'inbound'),
                last_activity_at = (select max(created_at) from messages where customer_id = :customerId
                                    and direction <> 'note'),
                answered_at = (select max(created_at) from messages where customer_id = :customerId
                               and direction = 'outbound'),
                waiting_since = (select min(i.created_at) from messages i
                                 where i.customer_id = :customerId and i.direction = 'inbound'
                                   and i.id > coalesce((select max(o.id) from messages o
                                                        where o.customer_id = :customerId
                                                          and o.direction = 'outbound'), 0))
            where customer_id = :customerId
            """;

    /**
     * Recomputes a conversation from its messages, after texts joined the thread other than one at a time (an
     * unassigned number given to the customer). Reopens it when something now waits.
     */
    public void rebuild(long customerId) {
        var last = jdbc.sql("select id, created_at, direction from messages where customer_id = :customerId"
                        + " and direction <> 'note' order by id desc limit 1")
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

    private static final String SELECT = """
            select c.customer_id, cu.name, c.state, c.snoozed_until, c.owner, c.waiting_since, c.last_message_id,
                   c.last_activity_at, c.owner_set_by, c.owner_set_at, c.state_changed_by, c.state_changed_at,
                   case when c.last_inbound_id > coalesce(r.read_up_to, 0) then true else false end as unread,
                   case when exists (select 1 from conversation_mentions n
                                     where n.customer_id = c.customer_id and n.username = :me and n.seen_at is null)
                        then true else false end as mentioned
            from conversations c
            join customers cu on cu.id = c.customer_id
            left join conversation_reads r on r.customer_id = c.customer_id and r.username = :me
            """;

    /** A page of a view for {@code me}, after the row of customer {@code after} (null: the first page). */
    public List<ConversationRow> page(ConversationView view, String me, Long after, int limit) {
        var params = new HashMap<String, Object>();
        params.put("me", me);
        params.put("limit", Math.max(1, Math.min(limit, MAX_PAGE)));
        var key = view == ConversationView.NEEDS_REPLY ? "c.waiting_since" : "c.last_activity_at";
        var where = membership(view);
        var ascending = view == ConversationView.NEEDS_REPLY;
        if (after != null) {
            var cursor = jdbc.sql("select " + key + " from conversations c where c.customer_id = :id")
                    .param("id", after)
                    .query((rs, n) -> rs.getObject(1, OffsetDateTime.class))
                    .optional();
            if (cursor.isEmpty() || cursor.get() == null) {
                return List.of();
            }
            where += " and (" + key + ", c.customer_id) " + (ascending ? ">" : "<") + " (:afterKey, :afterId)";
            params.put("afterKey", cursor.get());
            params.put("afterId", after);
        }
        var order = ascending ? key + ", c.customer_id" : key + " desc, c.customer_id desc";
        return jdbc.sql(SELECT + " where " + where + " order by " + order + " limit :limit")
                .params(params)
                .query(Conversations::map)
                .list();
    }

    @Override
    public Optional<Wait> of(long customerId) {
        return jdbc.sql("select customer_id, owner, case when state = 'open' then waiting_since end as since"
                        + " from conversations where customer_id = :customerId")
                .param("customerId", customerId)
                .query(Conversations::waitOf)
                .optional();
    }

    @Override
    public List<Wait> waitingBetween(Instant from, Instant until, int limit) {
        // The Needs reply index: (state, waiting_since, customer_id).
        return jdbc.sql("select customer_id, owner, waiting_since as since from conversations"
                        + " where state = 'open' and waiting_since between :from and :until"
                        + " order by waiting_since, customer_id limit :limit")
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("until", until.atOffset(ZoneOffset.UTC))
                .param("limit", limit)
                .query(Conversations::waitOf)
                .list();
    }

    private static Wait waitOf(ResultSet rs, int row) throws SQLException {
        var since = rs.getObject("since", OffsetDateTime.class);
        return new Wait(rs.getLong("customer_id"), rs.getString("owner"), since == null ? null : since.toInstant());
    }

    public Optional<ConversationRow> find(long customerId, String me) {
        return jdbc.sql(SELECT + " where c.customer_id = :customerId")
                .param("customerId", customerId)
                .param("me", me)
                .query(Conversations::map)
                .optional();
    }

    /** How many conversations a view holds for {@code me} (the navigation's counts). */
    public long count(ConversationView view, String me) {
        var where = membership(view);
        return jdbc.sql("select count(*) from conversations c where " + where)
                .param("me", me)
                .query(Long.class)
                .single();
    }

    /** Which conversations (alias {@code c}) a view holds for {@code :me}; the page and the count share it. */
    private static String membership(ConversationView view) {
        return switch (view) {
            case NEEDS_REPLY -> "c.state = 'open' and c.waiting_since is not null";
            case MINE ->
                "(c.owner = :me or c.customer_id in (select n.customer_id from conversation_mentions n"
                        + " where n.username = :me and n.seen_at is null))";
            case ALL -> "1 = 1";
            case CLOSED -> "c.state = 'closed'";
            case SNOOZED -> "c.state = 'snoozed'";
        };
    }

    boolean setOwner(long customerId, String owner, String by, OffsetDateTime at) {
        return jdbc.sql("update conversations set owner = :owner, owner_set_by = :by, owner_set_at = :at"
                                + " where customer_id = :customerId")
                        .param("customerId", customerId)
                        .param("owner", owner)
                        .param("by", by)
                        .param("at", at)
                        .update()
                == 1;
    }

    boolean setState(long customerId, String state, OffsetDateTime snoozedUntil, String by, OffsetDateTime at) {
        return jdbc.sql("update conversations set state = :state, snoozed_until = :until, state_changed_by = :by,"
                                + " state_changed_at = :at where customer_id = :customerId")
                        .param("customerId", customerId)
                        .param("state", state)
                        .param("until", snoozedUntil)
                        .param("by", by)
                        .param("at", at)
                        .update()
                == 1;
    }

    /** The conversations snoozed until {@code now} or before: due to wake. */
    List<Long> due(OffsetDateTime now) {
        return jdbc.sql("select customer_id from conversations where state = 'snoozed' and snoozed_until <= :now")
                .param("now", now)
                .query(Long.class)
                .list();
    }

    /** Wakes one conversation if it is still snoozed and due: one conditional update, so it wakes once. */
    boolean wake(long customerId, OffsetDateTime now) {
        return jdbc.sql("update conversations set state = 'open', snoozed_until = null,"
                                + " state_changed_by = 'system', state_changed_at = :now"
                                + " where customer_id = :id and state = 'snoozed' and snoozed_until <= :now")
                        .param("id", customerId)
                        .param("now", now)
                        .update()
                == 1;
    }

    private static ConversationRow map(ResultSet rs, int row) throws SQLException {
        return new ConversationRow(
                rs.getLong("customer_id"),
                rs.getString("name"),
                rs.getString("state"),
                rs.getObject("snoozed_until", OffsetDateTime.class),
                rs.getString("owner"),
                rs.getObject("waiting_since", OffsetDateTime.class),
                rs.getLong("last_message_id"),
                rs.getObject("last_activity_at", OffsetDateTime.class),
                rs.getBoolean("unread"),
                rs.getBoolean("mentioned"),
                rs.getString("owner_set_by"),
                rs.getObject("owner_set_at", OffsetDateTime.class),
                rs.getString("state_changed_by"),
                rs.getObject("state_changed_at", OffsetDateTime.class));
    }
}
