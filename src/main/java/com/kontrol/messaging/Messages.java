package com.kontrol.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Every text Kontrol sent or received. */
@Repository
public class Messages {

    private final JdbcClient jdbc;

    Messages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            insert into messages (sid, customer_id, job_id, direction, from_address, to_address, body, status,
                                  error_code, error_message, sent_by, created_at, updated_at)
            values (:sid, :customerId, :jobId, :direction, :from, :to, :body, :status,
                    :errorCode, :errorMessage, :sentBy, :createdAt, :createdAt)
            """;

    private static final String INSERT_MEDIA = """
            insert into message_media (message_id, position, url, content_type)
            values (:messageId, :position, :url, :contentType)
            """;

    /** Stores a message as given (its id is ignored) and returns it with the id the database gave it. */
    @Transactional
    public Message add(Message m) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql(INSERT)
                .param("sid", m.sid())
                .param("customerId", m.customerId())
                .param("jobId", m.jobId())
                .param("direction", m.direction().code())
                .param("from", m.from())
                .param("to", m.to())
                .param("body", m.body())
                .param("status", m.status())
                .param("errorCode", m.errorCode())
                .param("errorMessage", m.errorMessage())
                .param("sentBy", m.sentBy())
                .param("createdAt", m.createdAt())
                .update(keys, "id");
        long id = keys.getKeyAs(Long.class);
        for (int i = 0; i < m.media().size(); i++) {
            jdbc.sql(INSERT_MEDIA)
                    .param("messageId", id)
                    .param("position", i)
                    .param("url", m.media().get(i).url())
                    .param("contentType", m.media().get(i).contentType())
                    .update();
        }
        return new Message(
                id,
                m.sid(),
                m.customerId(),
                m.jobId(),
                m.direction(),
                m.from(),
                m.to(),
                m.body(),
                m.status(),
                m.errorCode(),
                m.errorMessage(),
                m.sentBy(),
                m.createdAt(),
                m.media());
    }

    private static final String THREAD_PAGE = """
            select id, sid, customer_id, job_id, direction, from_address, to_address, body, status,
                   error_code, error_message, sent_by, created_at
            from messages
            where customer_id = :customerId and id < :before
            order by id desc
            limit :limit
            """;

    /** The newest {@code limit} messages of a customer's thread older than {@code before}, oldest first. */
    public List<Message> thread(long customerId, long before, int limit) {
        var newestFirst = jdbc.sql(THREAD_PAGE)
                .param("customerId", customerId)
                .param("before", before)
                .param("limit", limit)
                .query(Messages::map)
                .list();
        var oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return withMedia(oldestFirst);
    }

    private static final String UNASSIGNED = """
            select id, sid, customer_id, job_id, direction, from_address, to_address, body, status,
                   error_code, error_message, sent_by, created_at
            from messages
            where customer_id is null and direction = 'inbound'
            order by id desc
            limit :limit
            """;

    /** Texts from numbers that match no customer, newest first, grouped by sender. */
    public List<UnassignedConversation> unassigned(int limit) {
        var grouped = new java.util.LinkedHashMap<String, List<Message>>();
        for (var m : withMedia(
                jdbc.sql(UNASSIGNED).param("limit", limit).query(Messages::map).list())) {
            grouped.computeIfAbsent(m.from(), k -> new ArrayList<>()).add(m);
        }
        return grouped.entrySet().stream()
                .map(e -> {
                    var oldestFirst = new ArrayList<>(e.getValue());
                    java.util.Collections.reverse(oldestFirst);
                    return new UnassignedConversation(e.getKey(), oldestFirst);
                })
                .toList();
    }

    private static final String MEDIA_OF = """
            select message_id, url, content_type
            from message_media
            where message_id in (:ids)
            order by message_id, position
            """;

    private List<Message> withMedia(List<Message> messages) {
        if (messages.isEmpty()) {
            return messages;
        }
        Map<Long, List<Media>> media = new HashMap<>();
        jdbc.sql(MEDIA_OF)
                .param("ids", messages.stream().map(Message::id).toList())
                .query(rs -> {
                    media.computeIfAbsent(rs.getLong("message_id"), k -> new ArrayList<>())
                            .add(new Media(rs.getString("url"), rs.getString("content_type")));
                });
        return messages.stream()
                .map(m -> media.containsKey(m.id())
                        ? new Message(
                                m.id(),
                                m.sid(),
                                m.customerId(),
                                m.jobId(),
                                m.direction(),
                                m.from(),
                                m.to(),
                                m.body(),
                                m.status(),
                                m.errorCode(),
                                m.errorMessage(),
                                m.sentBy(),
                                m.createdAt(),
                                List.copyOf(media.get(m.id())))
                        : m)
                .toList();
    }

    private static Message map(ResultSet rs, int row) throws SQLException {
        return new Message(
                rs.getLong("id"),
                rs.getString("sid"),
                (Long) rs.getObject("customer_id", Long.class),
                (Long) rs.getObject("job_id", Long.class),
                Direction.valueOf(rs.getString("direction").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("from_address"),
                rs.getString("to_address"),
                rs.getString("body"),
                rs.getString("status"),
                (Integer) rs.getObject("error_code", Integer.class),
                rs.getString("error_message"),
                rs.getString("sent_by"),
                rs.getObject("created_at", OffsetDateTime.class),
                List.of());
    }
}
