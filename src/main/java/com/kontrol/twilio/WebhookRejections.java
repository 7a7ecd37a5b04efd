package com.kontrol.twilio;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps account of refused webhook calls: a log line and the counter {@code kontrol.twilio.webhook.rejected} tagged
 * with the reason, and the latest one with the URL Kontrol checked the signature against (never the token), for
 * diagnosing a proxy that changes the URL. The latest is a row ({@code webhook_rejections}) so that the settings page
 * of every instance shows it; a flood of the same refusal writes it once a second, not once a call.
 */
@Component
class WebhookRejections {

    private static final Logger log = LoggerFactory.getLogger(WebhookRejections.class);

    enum Reason {
        MISSING_SIGNATURE("the X-Twilio-Signature header is missing"),
        BAD_SIGNATURE(
                "the signature does not match: a wrong Auth Token, or a URL that differs from the one Twilio called");

        final String explanation;

        Reason(String explanation) {
            this.explanation = explanation;
        }

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Rejection(Instant at, Reason reason, String path, String checkedUrl) {}

    private final MeterRegistry meters;
    private final JdbcClient jdbc;
    private final Clock clock;

    WebhookRejections(MeterRegistry meters, JdbcClient jdbc, Clock clock) {
        this.clock = clock;
        this.meters = meters;
        this.jdbc = jdbc;
    }

    /** What this instance wrote last, to skip writing the same refusal again within its second. */
    private Rejection written;

    /** Log lines a second at most: a flood of forged calls must not fill the disk (the counter counts them all). */
    static final int LINES_PER_SECOND = 5;

    private long second = -1;
    private int linesThisSecond;
    private long unlogged;

    void reject(Reason reason, String path, String checkedUrl, String remoteAddress) {
        var now = clock.instant();
        remember(new Rejection(now, reason, path, checkedUrl));
        meters.counter("kontrol.twilio.webhook.rejected", "reason", reason.tag())
                .increment();
        long skipped;
        synchronized (this) {
            if (now.getEpochSecond() != second) {
                second = now.getEpochSecond();
                linesThisSecond = 0;
            }
            if (linesThisSecond == LINES_PER_SECOND) {
                unlogged++;
                return;
            }
            linesThisSecond++;
            skipped = unlogged;
            unlogged = 0;
        }
        log.warn(
                "Refused a Twilio webhook call to {} from {} with 403: {} (signature checked against {}){}",
                path,
                remoteAddress,
                reason.explanation,
                checkedUrl,
                skipped == 0 ? "" : "; " + skipped + " more refused calls were not logged");
    }

    private void remember(Rejection rejection) {
        synchronized (this) {
            var before = written;
            if (before != null
                    && before.at().getEpochSecond() == rejection.at().getEpochSecond()
                    && before.reason() == rejection.reason()
                    && before.path().equals(rejection.path())
                    && before.checkedUrl().equals(rejection.checkedUrl())) {
                return;
            }
            written = rejection;
        }
        jdbc.sql("""
                        update webhook_rejections
                        set refused_at = :at, reason = :reason, path = :path, checked_url = :checkedUrl
                        where id = 1
                        """)
                .param("at", OffsetDateTime.ofInstant(rejection.at(), ZoneOffset.UTC))
                .param("reason", rejection.reason().name())
                .param("path", cut(rejection.path(), 200)) // an attacker chooses the path's length
                .param("checkedUrl", cut(rejection.checkedUrl(), 2000))
                .update();
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /** The latest refused call, whichever instance refused it. */
    Optional<Rejection> last() {
        return jdbc.sql("""
                        select refused_at, reason, path, checked_url from webhook_rejections
                        where id = 1 and refused_at is not null
                        """)
                .query((rs, n) -> new Rejection(
                        rs.getObject(1, OffsetDateTime.class).toInstant(),
                        Reason.valueOf(rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4)))
                .optional();
    }
}
