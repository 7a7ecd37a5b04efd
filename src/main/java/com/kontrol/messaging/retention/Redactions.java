package com.kontrol.messaging.retention;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The retention rule on the {@code messages} table: bodies emptied and media removed in batches, each batch in its
 * own transaction and each row once (a row already redacted is not touched again, so a run interrupted halfway just
 * carries on the next time); then the provider's copies, one by one.
 */
@Repository
class Redactions {

    static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final Clock clock;

    Redactions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    // Oldest first, through messages_retention. A text still waiting to go (queued or scheduled) keeps its words.
    private static final String DUE = """
            select id from messages
            where redacted_after_days is null and created_at < :cutoff and status not in ('queued', 'scheduled')
            order by created_at, id
            limit :limit
            """;

    private static final String REDACT = """
            update messages
            set body = '', redacted_after_days = :days, redacted_at = :now,
                redacted_had_media = (exists (select 1 from message_media mm where mm.message_id = messages.id)
                                      or exists (select 1 from outbound_media om where om.message_id = messages.id))
            where id in (:ids) and redacted_after_days is null
            """;

    /**
     * Empties the words of staff members' texts to Kontrol ("OMW 20") older than {@code cutoff}; how many. Kept for
     * what Kontrol made of them, never shown in a thread; few, so in one statement.
     */
    @Transactional
    int redactStaffTexts(OffsetDateTime cutoff) {
        return jdbc.sql("update staff_texts set body = '' where received_at < :cutoff and body <> ''")
                .param("cutoff", cutoff)
                .update();
    }

    /** Redacts up to {@link #BATCH} texts older than {@code cutoff}; how many. */
    @Transactional
    int redactBatch(OffsetDateTime cutoff, int days) {
        var ids = jdbc.sql(DUE)
                .param("cutoff", cutoff)
                .param("limit", BATCH)
                .query(Long.class)
                .list();
        if (ids.isEmpty()) {
            return 0;
        }
        int redacted = jdbc.sql(REDACT)
                .param("days", days)
                .param("now", OffsetDateTime.now(clock))
                .param("ids", ids)
                .update();
        jdbc.sql("delete from message_media where message_id in (:ids)")
                .param("ids", ids)
                .update();
        jdbc.sql("delete from outbound_media where message_id in (:ids)")
                .param("ids", ids)
                .update();
        return redacted;
    }

    /** A redacted text whose copy the provider may still keep. */
    record ProviderCopy(long id, String sid, boolean hadMedia) {}

    static final int MAX_ATTEMPTS = 10;

    // Only texts past their last status (a text on its way cannot be deleted) and tried fewer than MAX_ATTEMPTS times;
    // texts only (a call's SID names no message at the provider, and its recording is not deleted here yet).
    private static final String PROVIDER_DUE = """
            select id, sid, redacted_had_media from messages
            where provider_deleted_at is null and redacted_after_days is not null and id > :after
              and sid is not null and direction in ('inbound', 'outbound')
              and status not in ('queued', 'scheduled', 'accepted', 'sending')
              and provider_delete_attempts < :maxAttempts
            order by id
            limit :limit
            """;

    /** The next redacted texts after {@code after} (an id) that the provider may still keep. */
    List<ProviderCopy> providerCopies(long after, int limit) {
        return jdbc.sql(PROVIDER_DUE)
                .param("after", after)
                .param("maxAttempts", MAX_ATTEMPTS)
                .param("limit", limit)
                .query((rs, n) -> new ProviderCopy(rs.getLong(1), rs.getString(2), rs.getBoolean(3)))
                .list();
    }

    void providerDeleted(long id) {
        jdbc.sql("update messages set provider_deleted_at = :now where id = :id")
                .param("now", OffsetDateTime.now(clock))
                .param("id", id)
                .update();
    }

    void providerNotYet(long id) {
        jdbc.sql("update messages set provider_delete_attempts = provider_delete_attempts + 1 where id = :id")
                .param("id", id)
                .update();
    }
}
