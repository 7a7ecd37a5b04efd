package com.kontrol.messaging.outbound;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The files sent by MMS, in the database (every instance serves them), each under 32 random bytes. Twilio fetches
 * them from {@code /media/{token}} without a login for {@link #PUBLIC_FOR}; the thread shows them to staff for good.
 */
@Repository
public class OutboundMedia {

    /** How long the public link works: Twilio fetches at once, and again only for a retried send. */
    public static final Duration PUBLIC_FOR = Duration.ofDays(7);

    public static final String PATH = "/media/";

    /** A stored file. */
    public record Stored(String contentType, String fileName, byte[] data, OffsetDateTime expiresAt) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;

    OutboundMedia(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Keeps a file for a text about to be queued; its path under the public URL. */
    String store(Attachment a, String by) {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        var token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var now = OffsetDateTime.now(clock);
        jdbc.sql("insert into outbound_media (token, content_type, file_name, size_bytes, data, created_by,"
                        + " created_at, expires_at) values (:token, :type, :name, :size, :data, :by, :at, :expires)")
                .param("token", token)
                .param("type", a.contentType())
                .param("name", a.fileName())
                .param("size", a.data().length)
                .param("data", a.data())
                .param("by", by)
                .param("at", now)
                .param("expires", now.plus(PUBLIC_FOR))
                .update();
        return PATH + token;
    }

    /** The files now belong to this message (deleting it deletes them). */
    void attach(List<String> paths, long messageId) {
        for (var path : paths) {
            jdbc.sql("update outbound_media set message_id = :id where token = :token")
                    .param("id", messageId)
                    .param("token", path.substring(PATH.length()))
                    .update();
        }
    }

    public Optional<Stored> find(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        return jdbc.sql("select content_type, file_name, data, expires_at from outbound_media where token = :token")
                .param("token", token)
                .query((rs, n) -> new Stored(
                        rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getObject(4, OffsetDateTime.class)))
                .optional();
    }

    /** The media paths of a queued text, in order, for its send. */
    List<String> pathsOf(long messageId) {
        return jdbc.sql("select url from message_media where message_id = :id order by position")
                .param("id", messageId)
                .query(String.class)
                .list();
    }
}
