package com.kontrol.twilio;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The Messaging Service texts go out through ({@code MessagingServiceSid} instead of {@code From}: Twilio picks the
 * sender, sticky and geo-matched), from {@code kontrol.twilio.messaging-service-sid} or the settings page; none by
 * default. The configuration wins.
 */
@Repository
class MessagingServices {

    static final Pattern SID = Pattern.compile("MG[0-9a-fA-F]{32}");

    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private record Cached(Optional<String> sid, long loadedAt) {}

    private final JdbcClient jdbc;
    private final TwilioProperties properties;
    private final AuditLog audit;
    private final Clock clock;
    private volatile Cached cached;

    MessagingServices(JdbcClient jdbc, TwilioProperties properties, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    boolean fromConfiguration() {
        return properties.messagingServiceSid() != null
                && !properties.messagingServiceSid().isBlank();
    }

    /** The service in use, if any. */
    Optional<String> current() {
        if (fromConfiguration()) {
            return Optional.of(properties.messagingServiceSid().strip());
        }
        var c = cached;
        if (c == null || System.nanoTime() - c.loadedAt() > CACHE_NANOS) {
            c = new Cached(
                    jdbc.sql("select service_sid from twilio_messaging_service where id = 1")
                            .query(String.class)
                            .optional(),
                    System.nanoTime());
            cached = c;
        }
        return c.sid();
    }

    /** Sends through {@code sid} from now on ({@code null}: from the number again); audited. */
    void save(String sid, String by) {
        var before = current();
        jdbc.sql("delete from twilio_messaging_service where id = 1").update();
        if (sid != null) {
            jdbc.sql("insert into twilio_messaging_service (id, service_sid, updated_by, updated_at)"
                            + " values (1, :sid, :by, :now)")
                    .param("sid", sid)
                    .param("by", by)
                    .param("now", OffsetDateTime.now(clock))
                    .update();
        }
        cached = null;
        if (!before.equals(Optional.ofNullable(sid))) {
            audit.record(
                    by,
                    AuditAction.SETTINGS_CHANGED,
                    null,
                    sid == null
                            ? "Twilio: texts go out from the number again (Messaging Service " + before.orElse("none")
                                    + " removed)"
                            : "Twilio: texts go out through Messaging Service " + sid);
        }
    }
}
