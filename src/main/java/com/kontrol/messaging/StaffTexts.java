package com.kontrol.messaging;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Texts from staff phones ({@link StaffTexted}), on the {@code staff_texts} table: stored once per SID like a
 * customer's text, with what Kontrol made of each.
 */
@Repository
public class StaffTexts {

    private static final String INSERT = """
            insert into staff_texts (sid, from_address, to_address, body, received_at)
            select :sid, :from, :to, :body, :receivedAt
            where not exists (select 1 from staff_texts where sid = :sid)
            """;

    private final JdbcClient jdbc;

    StaffTexts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The new row's id; empty when a text with this SID was stored before (a provider's retry). */
    public Optional<Long> store(String sid, String from, String to, String body, OffsetDateTime receivedAt) {
        var keys = new GeneratedKeyHolder();
        try {
            int inserted = jdbc.sql(INSERT + " on conflict (sid) do nothing")
                    .param("sid", sid)
                    .param("from", from)
                    .param("to", to)
                    .param("body", body)
                    .param("receivedAt", receivedAt)
                    .update(keys, "id");
            return inserted == 0 ? Optional.empty() : Optional.of(keys.getKey().longValue());
        } catch (DuplicateKeyException e) { // a race that the statement's own conflict clause does not cover
            return Optional.empty();
        }
    }

    /** Records what Kontrol made of the text ({@code command}), what it did, and its answer (null: none). */
    public void handled(long id, String command, String outcome, Long replyId) {
        jdbc.sql("update staff_texts set command = :command, outcome = :outcome, reply_id = :reply where id = :id")
                .param("command", command)
                .param("outcome", outcome.length() > 1000 ? outcome.substring(0, 1000) : outcome)
                .param("reply", replyId)
                .param("id", id)
                .update();
    }

    /** The latest texts from this staff phone, oldest first, as texts received (for the sandbox's Dev Phone). */
    public List<Message> from(String phone, int limit) {
        var latest = new ArrayList<>(jdbc.sql("""
                        select sid, from_address, to_address, body, received_at from staff_texts
                        where from_address = :phone order by id desc fetch first :limit rows only
                        """)
                .param("phone", phone)
                .param("limit", limit)
                .query((rs, n) -> Message.received(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class),
                        List.of()))
                .list());
        Collections.reverse(latest);
        return latest;
    }

    /** Whether Kontrol answered a text of this {@code command} from {@code from} after {@code since}. */
    public boolean answeredSince(String from, String command, OffsetDateTime since) {
        return jdbc.sql("""
                        select count(*) from staff_texts
                        where from_address = :from and command = :command and reply_id is not null
                          and received_at > :since
                        """)
                        .param("from", from)
                        .param("command", command)
                        .param("since", since)
                        .query(Long.class)
                        .single()
                > 0;
    }
}
