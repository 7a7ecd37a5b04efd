package com.kontrol.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every text Kontrol sent or received, as threads read them. The outbox's states live in {@code outbound}, routing on
 * receipt in {@code inbound}, the unassigned inbox's queries in {@code unassigned}: each with its own SQL on this table.
 */
@Repository
public class Messages {

    private final JdbcClient jdbc;

    /** The columns every message query reads, in the order the row mapper expects. */
    static final String COLUMNS = """
            id, sid, customer_id, job_id, direction, from_address, to_address, body, status,
            error_code, error_message, sent_by, created_at, resent_by, redacted_after_days
            """;

    static final String SELECT = "select " + COLUMNS + " from messages\n";

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
        addMedia(id, m.media());
        return m.withId(id);
    }

    /** Stores the media of a message just stored, in order. */
    public void addMedia(long messageId, List<Media> media) {
        for (int i = 0; i < media.size(); i++) {
            jdbc.sql(INSERT_MEDIA)
                    .param("messageId", messageId)
                    .param("position", i)
                    .param("url", media.get(i).url())
                    .param("contentType", media.get(i).contentType())
                    .update();
        }
    }

    private static final String FIND_BY_ID = SELECT + """
            where id = :id
            """;

    public Optional<Message> findById(long id) {
        return jdbc.sql(FIND_BY_ID)
                .param("id", id)
                .query(Messages::map)
                .optional()
                .map(m -> withMedia(List.of(m)).get(0));
    }

    private static final String FIND_BY_SID = SELECT + """
            where sid = :sid
            """;

    public Optional<Message> findBySid(String sid) {
        return jdbc.sql(FIND_BY_SID)
                .param("sid", sid)
                .query(Messages::map)
                .optional()
                .map(m -> withMedia(List.of(m)).get(0));
    }

    private static final String MEDIA_ITEM = """
            select url, content_type from message_media where message_id = :messageId and position = :position
            """;

    /** One media item of a message, by its position (0, 1, …). */
    public Optional<Media> media(long messageId, int position) {
        return jdbc.sql(MEDIA_ITEM)
                .param("messageId", messageId)
                .param("position", position)
                .query((rs, n) -> new Media(rs.getString("url"), rs.getString("content_type")))
                .optional();
    }

    private static final String THREAD_PAGE = SELECT + """
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
        Collections.reverse(oldestFirst);
        return withMedia(oldestFirst);
    }

    private static final String THREAD_AFTER = SELECT + """
            where customer_id = :customerId and id > :after
            order by id
            limit :limit
            """;

    /** The oldest {@code limit} messages of a customer's thread newer than {@code after}, oldest first. */
    public List<Message> threadAfter(long customerId, long after, int limit) {
        return withMedia(jdbc.sql(THREAD_AFTER)
                .param("customerId", customerId)
                .param("after", after)
                .param("limit", limit)
                .query(Messages::map)
                .list());
    }

    private static final String WITH_NUMBER = """
            select %s
            from (
                select * from messages where from_address = :number and direction = 'inbound'
                union all
                select * from messages where to_address = :number and direction = 'outbound'
                    and (sid is not null or status in ('sent', 'delivered', 'partially_delivered', 'read'))
                    and status not in ('failed', 'undelivered', 'canceled')
                order by id desc
                limit :limit
            ) latest
            order by id
            """.formatted(COLUMNS);

    /**
     * The latest texts from and to a phone number, whoever's thread they are in, oldest first: what that phone got,
     * so a text Kontrol sent only once it has left (not one still scheduled, queued or cancelled, nor one that failed).
     */
    public List<Message> withNumber(String number, int limit) {
        return withMedia(jdbc.sql(WITH_NUMBER)
                .param("number", number)
                .param("limit", limit)
                .query(Messages::map)
                .list());
    }

    /** When the latest text from outside arrived, if any did. */
    public Optional<OffsetDateTime> lastReceivedAt() {
        return jdbc.sql("select max(created_at) from messages where direction = 'inbound'")
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class))
                .optional();
    }

    private static final String RECENTLY_TEXTED = """
            select customer_id from messages
            where direction = 'outbound' and customer_id is not null
            order by id desc
            limit 200
            """;

    /** The customers Kontrol texted most recently, most recent first. */
    public List<Long> recentlyTextedCustomers(int limit) {
        return jdbc.sql(RECENTLY_TEXTED).query(Long.class).list().stream()
                .distinct()
                .limit(limit)
                .toList();
    }

    /** These messages, with their media, newest first (the last message of each conversation on a page, a search's hits). */
    public List<Message> byIds(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return withMedia(jdbc.sql("select " + COLUMNS + " from messages where id in (:ids) order by id desc")
                .param("ids", ids)
                .query(Messages::map)
                .list());
    }

    private static final String UNASSIGNED_WITH = """
            select %1$s from messages
            where customer_id is null and from_address in (:phones)
            union all
            select %1$s from messages
            where customer_id is null and direction = 'outbound' and to_address in (:phones)
            order by id
            """.formatted(COLUMNS);

    /** The texts from these numbers that are in no customer's thread, and the replies sent to them, oldest first. */
    public List<Message> unassignedWith(java.util.Collection<String> phones) {
        return withMedia(jdbc.sql(UNASSIGNED_WITH)
                .param("phones", phones)
                .query(Messages::map)
                .list());
    }

    private static final String MEDIA_OF = """
            select message_id, url, content_type
            from message_media
            where message_id in (:ids)
            order by message_id, position
            """;

    List<Message> withMedia(List<Message> messages) {
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
                .map(m -> media.containsKey(m.id()) ? m.withMedia(List.copyOf(media.get(m.id()))) : m)
                .toList();
    }

    static Message map(ResultSet rs, int row) throws SQLException {
        return new Message(
                rs.getLong("id"),
                rs.getString("sid"),
                (Long) rs.getObject("customer_id", Long.class),
                (Long) rs.getObject("job_id", Long.class),
                Direction.valueOf(rs.getString("direction").toUpperCase(Locale.ROOT)),
                rs.getString("from_address"),
                rs.getString("to_address"),
                rs.getString("body"),
                rs.getString("status"),
                (Integer) rs.getObject("error_code", Integer.class),
                rs.getString("error_message"),
                rs.getString("sent_by"),
                rs.getObject("created_at", OffsetDateTime.class),
                List.of(),
                rs.getString("resent_by"),
                (Integer) rs.getObject("redacted_after_days", Integer.class));
    }
}
