package com.kontrol.messaging.conversation;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each person's place in each thread: how far they have read ({@code conversation_reads}) and the notes that mention
 * them ({@code conversation_mentions}), from which a conversation is unread or "mentioned" for them alone.
 */
@Repository
class ReadMarkers {

    private final JdbcClient jdbc;

    ReadMarkers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String READ = """
            update conversation_reads set read_up_to = :upTo where customer_id = :customerId and username = :me
            """;

    private static final String FIRST_READ = """
            insert into conversation_reads (customer_id, username, read_up_to)
            select :customerId, :me, :upTo
            where not exists (select 1 from conversation_reads where customer_id = :customerId and username = :me)
            """;

    /** {@code username} was mentioned in a note of the customer's thread. */
    void mention(long messageId, String username, long customerId) {
        jdbc.sql("insert into conversation_mentions (message_id, username, customer_id)"
                        + " values (:messageId, :username, :customerId)")
                .param("messageId", messageId)
                .param("username", username)
                .param("customerId", customerId)
                .update();
    }

    /** {@code me} has seen the thread: their mentions in it are no longer news. */
    void mentionsSeen(long customerId, String me, OffsetDateTime at) {
        jdbc.sql("update conversation_mentions set seen_at = :at"
                        + " where customer_id = :customerId and username = :me and seen_at is null")
                .param("customerId", customerId)
                .param("me", me)
                .param("at", at)
                .update();
    }

    /** Sets how far {@code me} has read the thread. */
    void markRead(long customerId, String me, long upTo) {
        var params = new HashMap<String, Object>();
        params.put("customerId", customerId);
        params.put("me", me);
        params.put("upTo", upTo);
        if (jdbc.sql(READ).params(params).update() == 0) {
            try {
                if (jdbc.sql(FIRST_READ + " on conflict do nothing")
                                .params(params)
                                .update()
                        > 0) {
                    return;
                }
            } catch (DuplicateKeyException e) {
                // another tab of the same person, at the same moment
            }
            jdbc.sql(READ).params(params).update();
        }
    }

    /** The id of the thread's newest message (a note included), from the thread itself. */
    Optional<Long> newestMessageId(long customerId) {
        return jdbc.sql("select max(id) from messages where customer_id = :customerId")
                .param("customerId", customerId)
                .query(Long.class)
                .optional(); // none: no row's value, which is empty too
    }

    /** The id of the latest message and of the latest customer text, for read markers. */
    Optional<long[]> lastIds(long customerId) {
        return jdbc.sql("select last_message_id, coalesce(last_inbound_id, 0) from conversations"
                        + " where customer_id = :customerId")
                .param("customerId", customerId)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .optional();
    }
}
