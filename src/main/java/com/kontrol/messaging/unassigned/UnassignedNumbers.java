package com.kontrol.messaging.unassigned;

import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Communication > Messages: texts from numbers that match no customer, one conversation per number, as the inbox shows
 * them, and which numbers went to which customer; what staff decide about a number ({@link Triage}) changes them.
 */
@Service
public class UnassignedNumbers {

    public static final int PAGE = 20;

    private final JdbcClient jdbc;
    private final Messages messages;

    UnassignedNumbers(JdbcClient jdbc, Messages messages) {
        this.jdbc = jdbc;
        this.messages = messages;
    }

    // One row per unknown number (its texts, and its calls: issue 33). A dismissed number shows again once it texts
    // after the dismissal; a blocked one never does. The "dismissed" view shows the other side.
    private static final String CONVERSATIONS = """
            with numbers as (
                select from_address as phone, max(id) as last_id, count(*) as texts, max(created_at) as last_at
                from messages
                where customer_id is null and direction in ('inbound', 'call')
                group by from_address
            )
            select c.phone, c.last_id, c.texts, c.last_at, coalesce(n.blocked, false) as blocked
            from numbers c
            left join inbox_numbers n on n.phone = c.phone
            where ((:dismissed = false and coalesce(n.blocked, false) = false and c.last_id > coalesce(n.dismissed_up_to, 0))
                   or (:dismissed = true and (n.blocked or c.last_id <= n.dismissed_up_to)))
              and c.last_id < :before
            order by c.last_id desc
            limit :limit
            """;

    private record Row(String phone, long texts, OffsetDateTime lastAt, boolean blocked, long lastId) {}

    /** The newest conversations in the inbox, or of the dismissed and blocked numbers. */
    public List<Conversation> conversations(boolean dismissed, int limit) {
        return conversations(dismissed, Long.MAX_VALUE, limit);
    }

    /** The conversations whose latest text is older than {@code before} (a page's last {@code lastId}). */
    public List<Conversation> conversations(boolean dismissed, long before, int limit) {
        var rows = jdbc.sql(CONVERSATIONS)
                .param("dismissed", dismissed)
                .param("before", before)
                .param("limit", limit)
                .query((rs, n) -> new Row(
                        rs.getString("phone"),
                        rs.getLong("texts"),
                        rs.getObject("last_at", OffsetDateTime.class),
                        rs.getBoolean("blocked"),
                        rs.getLong("last_id")))
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        var byPhone = unassignedWith(rows.stream().map(Row::phone).toList());
        return rows.stream()
                .map(r -> new Conversation(
                        r.phone(),
                        byPhone.getOrDefault(r.phone(), List.of()),
                        r.texts(),
                        r.lastAt(),
                        r.blocked(),
                        r.lastId()))
                .toList();
    }

    /** The unassigned texts from these numbers and the replies sent to them, oldest first, by number. */
    private Map<String, List<Message>> unassignedWith(List<String> phones) {
        var byPhone = new LinkedHashMap<String, List<Message>>();
        for (var m : messages.unassignedWith(phones)) {
            byPhone.computeIfAbsent(m.isInbound() || m.isCall() ? m.from() : m.to(), k -> new ArrayList<>())
                    .add(m);
        }
        return byPhone;
    }

    private static final String COUNT = """
            select count(*) from (
                select from_address, max(id) as last_id
                from messages
                where customer_id is null and direction in ('inbound', 'call')
                group by from_address
            ) c
            left join inbox_numbers n on n.phone = c.from_address
            where coalesce(n.blocked, false) = false and c.last_id > coalesce(n.dismissed_up_to, 0)
            """;

    /** How many conversations wait in the inbox (the navigation badge). */
    public long waiting() {
        return jdbc.sql(COUNT).query(Long.class).single();
    }

    // The first of a number's texts since it was last dismissed; none while it is blocked.
    private static final String WAITING_SINCE = """
            select min(m.id)
            from messages m
            left join inbox_numbers n on n.phone = m.from_address
            where m.from_address = :phone and m.customer_id is null and m.direction in ('inbound', 'call')
              and coalesce(n.blocked, false) = false
              and m.id > coalesce(n.dismissed_up_to, 0)
            """;

    /**
     * The unknown number's wait in the inbox: the id of its first text since it was last dismissed, which stays the
     * same however often it texts until someone dismisses or assigns it. Empty when it is blocked (or has no text
     * waiting), so that nobody is alerted of it.
     */
    public Optional<Long> waitingSince(String phone) {
        return Optional.ofNullable(
                jdbc.sql(WAITING_SINCE).param("phone", phone).query(Long.class).single());
    }

    public Optional<Conversation> conversation(String phone) {
        var texts = unassignedWith(List.of(phone)).getOrDefault(phone, List.of());
        if (texts.isEmpty()) {
            return Optional.empty();
        }
        var last = texts.get(texts.size() - 1);
        return Optional.of(new Conversation(
                phone, texts, texts.stream().filter(Message::isInbound).count(), last.createdAt(), false, last.id()));
    }

    private static final String ASSIGNMENT = """
            select phone, assigned_to, assigned_by, assigned_at from inbox_numbers
            where phone = :phone and assigned_to is not null
            """;

    public Optional<Assignment> assignment(String phone) {
        return jdbc.sql(ASSIGNMENT).param("phone", phone).query(Assignment::of).optional();
    }

    private static final String ASSIGNMENTS_OF = """
            select phone, assigned_to, assigned_by, assigned_at from inbox_numbers
            where assigned_to = :customerId
            order by assigned_at
            """;

    /** The numbers that were assigned to this customer from the inbox. */
    public List<Assignment> assignedTo(long customerId) {
        return jdbc.sql(ASSIGNMENTS_OF)
                .param("customerId", customerId)
                .query(Assignment::of)
                .list();
    }
}
