package com.kontrol.messaging.conversation;

import com.kontrol.messaging.WaitingCustomers;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The conversations table as the team inbox reads and works it: its views (each one index range in its own order,
 * paged by the last row's key) and counts, and a conversation's owner and state; {@link ConversationActivity} keeps it
 * in step with the texts.
 */
@Repository
public class Conversations implements WaitingCustomers {

    static final int MAX_PAGE = 100;

    private final JdbcClient jdbc;

    Conversations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

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
        return page(view, me, after, limit, false);
    }

    /** The same, with Needs reply newest first when {@code newestFirst} (each person's choice). */
    List<ConversationRow> page(ConversationView view, String me, Long after, int limit, boolean newestFirst) {
        var params = new HashMap<String, Object>();
        params.put("me", me);
        params.put("limit", Math.max(1, Math.min(limit, MAX_PAGE)));
        var key = view == ConversationView.NEEDS_REPLY ? "c.waiting_since" : "c.last_activity_at";
        var where = membership(view);
        var ascending = view == ConversationView.NEEDS_REPLY && !newestFirst;
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

    /** A conversation closed or reopened by someone on the team, for the reports' counts ({@code report_events}). */
    void noteForReports(long customerId, String kind, OffsetDateTime at) {
        jdbc.sql("insert into report_events (at, kind, customer_id) values (:at, :kind, :customerId)")
                .param("at", at)
                .param("kind", kind)
                .param("customerId", customerId)
                .update();
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
