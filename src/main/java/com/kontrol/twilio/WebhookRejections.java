package com.kontrol.twilio;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps account of refused webhook calls: a log line and the counter {@code kontrol.twilio.webhook.rejected} tagged
 * with the reason, and the latest one with the URL Kontrol checked the signature against (never the token), for
 * diagnosing a proxy that changes the URL.
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
    private volatile Rejection last;

    private final Clock clock;

    WebhookRejections(MeterRegistry meters, Clock clock) {
        this.clock = clock;
        this.meters = meters;
    }

    /** Log lines a second at most: a flood of forged calls must not fill the disk (the counter counts them all). */
    static final int LINES_PER_SECOND = 5;

    private long second = -1;
    private int linesThisSecond;
    private long unlogged;

    void reject(Reason reason, String path, String checkedUrl, String remoteAddress) {
        var now = clock.instant();
        last = new Rejection(now, reason, path, checkedUrl);
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

    Optional<Rejection> last() {
        return Optional.ofNullable(last);
    }
}
