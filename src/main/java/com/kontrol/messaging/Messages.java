package com.kontrol.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Every text Kontrol sent or received. */
@Repository
public class Messages {

    private final JdbcClient jdbc;
    private final boolean postgres;

    // The columns every message query reads, in the order the row mapper expects.
    private static final String SELECT = """
            select id, sid, customer_id, job_id, direction, from_address, to_address, body, status,
                   error_code, error_message, sent_by, created_at
            from messages
            """;

    Messages(JdbcClient jdbc, DataSource dataSource) throws SQLException {
        this.jdbc = jdbc;
        try (var c = dataSource.getConnection()) {
            this.postgres = c.getMetaData().getDatabaseProductName().equalsIgnoreCase("PostgreSQL");
        }
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

    private void addMedia(long messageId, List<Media> media) {
        for (int i = 0; i < media.size(); i++) {
            jdbc.sql(INSERT_MEDIA)
                    .param("messageId", messageId)
                    .param("position", i)
                    .param("url", media.get(i).url())
                    .param("contentType", media.get(i).contentType())
                    .update();
        }
    }

    private static final String SET_CALLBACK = """
            update messages set status_callback = :callback, next_attempt_at = :notBefore where id = :id
            """;

    /**
     * Writes an outbound text to the outbox, with the base URL its delivery reports are to come back to, to go no
     * sooner than {@code notBefore} (null: at once).
     */
    @Transactional
    public Message addQueued(Message m, String publicBaseUrl, OffsetDateTime notBefore) {
        var stored = add(m);
        jdbc.sql(SET_CALLBACK)
                .param("id", stored.id())
                .param("callback", publicBaseUrl)
                .param("notBefore", notBefore)
                .update();
        return stored;
    }

    private static final String CANCEL_UNSENT = """
            update messages set status = 'canceled', updated_at = :now
            where id = :id and status = 'queued' and sid is null and sending_since is null
            """;

    boolean cancelUnsent(long id) {
        return jdbc.sql(CANCEL_UNSENT)
                        .param("id", id)
                        .param("now", OffsetDateTime.now(java.time.ZoneOffset.UTC))
                        .update()
                == 1;
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
            OffsetDateTime createdAt) {

        boolean mayHaveArrivedBefore() {
            return checkBeforeResend || sendingSince != null;
        }
    }

    // Queued, not accepted yet, due, and either idle or in flight for so long that its sender must have died.
    private static final String DUE = """
            select id, from_address, to_address, body, status_callback, send_attempts, check_before_resend,
                   sending_since, customer_id, created_at
            from messages
            where status = 'queued' and direction = 'outbound' and sid is null
              and (next_attempt_at is null or next_attempt_at <= :now)
              and (sending_since is null or sending_since < :staleBefore)
            order by id
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
                        rs.getObject("created_at", OffsetDateTime.class)))
                .list();
    }

    // A claim succeeds for exactly one worker, on any instance: the row must still look as that worker saw it.
    private static final String CLAIM = """
            update messages
            set sending_since = :now, send_attempts = send_attempts + 1,
                check_before_resend = (check_before_resend or sending_since is not null)
            where id = :id and status = 'queued' and sid is null and send_attempts = :attempts
            """;

    /** Takes an outbox entry for sending; false when another worker took it first. */
    boolean claim(Pending p, OffsetDateTime now) {
        return jdbc.sql(CLAIM)
                        .param("id", p.id())
                        .param("attempts", p.attempts())
                        .param("now", now)
                        .update()
                == 1;
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
                .param("now", OffsetDateTime.now(java.time.ZoneOffset.UTC))
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
                .param("now", OffsetDateTime.now(java.time.ZoneOffset.UTC))
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
                .param("now", OffsetDateTime.now(java.time.ZoneOffset.UTC))
                .update();
    }

    // Routing and storing in one statement: a text from a customer's number joins that customer's thread; a number
    // shared by several goes to the customer Kontrol texted at it most recently, else to the oldest; no match leaves
    // customer_id null (the unassigned inbox). A retried SID inserts nothing.
    private static final String RECEIVE = """
            insert into messages (sid, customer_id, direction, from_address, to_address, body, status,
                                  created_at, updated_at)
            select :sid,
                   (select p.customer_id
                    from customer_phones p
                    where p.phone = :route
                    order by (select max(m.id) from messages m
                              where m.to_address = :route and m.direction = 'outbound'
                                and m.customer_id = p.customer_id) desc nulls last,
                             p.customer_id
                    limit 1),
                   'inbound', :from, :to, :body, 'received', :createdAt, :createdAt
            where not exists (select 1 from messages where sid = :sid)
            """;

    // On PostgreSQL a retry racing its original must not abort the transaction (which other texts may share).
    private static final String ON_CONFLICT = " on conflict (sid) do nothing";

    /**
     * Stores an inbound text in its customer's thread, routed by {@code route} (the sender's E.164 number, or null for
     * a short code or a name); empty when a text with this SID is already stored. One statement, so without a
     * surrounding transaction it is durable on its own.
     */
    public Optional<Message> receive(Message m, String route) {
        var keys = new GeneratedKeyHolder();
        int inserted;
        try {
            inserted = jdbc.sql(postgres ? RECEIVE + ON_CONFLICT : RECEIVE)
                    .param("sid", m.sid())
                    .param("route", route == null ? "" : route)
                    .param("from", m.from())
                    .param("to", m.to())
                    .param("body", m.body())
                    .param("createdAt", m.createdAt())
                    .update(keys, "id", "customer_id");
        } catch (DuplicateKeyException e) {
            return Optional
                    .empty(); // H2: a retry of the same text, racing this one (H2 carries on with the transaction)
        }
        if (inserted == 0) {
            return Optional.empty();
        }
        var row = keys.getKeys();
        long id = ((Number) row.get("id")).longValue();
        var customerId = row.get("customer_id") == null ? null : ((Number) row.get("customer_id")).longValue();
        addMedia(id, m.media());
        return Optional.of(new Message(
                id,
                m.sid(),
                customerId,
                null,
                Direction.INBOUND,
                m.from(),
                m.to(),
                m.body(),
                m.status(),
                null,
                null,
                null,
                m.createdAt(),
                m.media()));
    }

    private static final String FIND_BY_SID = SELECT + """
            where sid = :sid
            """;

    boolean sidExists(String sid) {
        return jdbc.sql("select count(*) from messages where sid = :sid")
                        .param("sid", sid)
                        .query(Long.class)
                        .single()
                > 0;
    }

    public Optional<Message> findBySid(String sid) {
        return jdbc.sql(FIND_BY_SID)
                .param("sid", sid)
                .query(Messages::map)
                .optional()
                .map(m -> withMedia(List.of(m)).get(0));
    }

    private static final String ADVANCE_STATUS = """
            update messages
            set status = :status, error_code = :errorCode, error_message = :errorMessage, updated_at = :now
            where sid = :sid and status in (:replaces)
            """;

    /** Moves a message's status forward; false when the message already has this status or a later one. */
    @Transactional
    public boolean advanceStatus(String sid, DeliveryStatus status, Integer errorCode, String errorMessage) {
        return jdbc.sql(ADVANCE_STATUS)
                        .param("sid", sid)
                        .param("status", status.code())
                        .param("errorCode", errorCode)
                        .param("errorMessage", errorMessage)
                        .param("now", OffsetDateTime.now(java.time.ZoneOffset.UTC))
                        .param("replaces", status.replaces())
                        .update()
                > 0;
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
        java.util.Collections.reverse(oldestFirst);
        return withMedia(oldestFirst);
    }

    private static final String UNASSIGNED_WITH = SELECT + """
            where customer_id is null and from_address in (:phones)
            union all
            """ + SELECT + """
            where customer_id is null and direction = 'outbound' and to_address in (:phones)
            order by id
            """;

    /** The unassigned texts from these numbers and the replies sent to them, oldest first, by number. */
    public Map<String, List<Message>> unassignedWith(List<String> phones) {
        var byPhone = new LinkedHashMap<String, List<Message>>();
        for (var m : withMedia(jdbc.sql(UNASSIGNED_WITH)
                .param("phones", phones)
                .query(Messages::map)
                .list())) {
            byPhone.computeIfAbsent(m.isInbound() ? m.from() : m.to(), k -> new ArrayList<>())
                    .add(m);
        }
        return byPhone;
    }

    private static final String WITH_NUMBER = """
            select id, sid, customer_id, job_id, direction, from_address, to_address, body, status,
                   error_code, error_message, sent_by, created_at
            from (
                select * from messages where from_address = :number and direction = 'inbound'
                union all
                select * from messages where to_address = :number and direction = 'outbound'
                order by id desc
                limit :limit
            ) latest
            order by id
            """;

    /** The latest texts from and to a phone number, whoever's thread they are in, oldest first. */
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
                .map(m -> media.containsKey(m.id()) ? m.withMedia(List.copyOf(media.get(m.id()))) : m)
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
