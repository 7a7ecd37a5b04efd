package com.kontrol.messaging.outbound;

import com.kontrol.audit.AuditLog;
import com.kontrol.messaging.DeliveryStatus;
import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.messaging.SmsGateway;
import com.kontrol.messaging.SmsGateway.OutgoingText;
import com.kontrol.messaging.SmsGateway.SendOutcome;
import com.kontrol.messaging.TextLog;
import com.kontrol.messaging.TextMeters;
import com.kontrol.messaging.outbound.SendAttempts.Pending;
import com.kontrol.phone.ConsentSource;
import com.kontrol.phone.NumberConsent;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends a text the {@link OutboundWorker} claimed (looked up at the provider first when a crash may have sent it
 * already) and settles its row by the outcome: accepted, refused with the provider's code, or retried with backoff.
 */
@Component
class ClaimedTexts {

    private static final Logger log = LoggerFactory.getLogger(ClaimedTexts.class);

    private final SendAttempts rows;
    private final NumberConsent consent;
    private final SmsGateway gateway;
    private final MessagingSettings settings;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final OutboundMedia media;
    private final TextMeters meters;
    private final AcceptedTexts accepted;
    private final Clock clock;

    ClaimedTexts(
            SendAttempts rows,
            NumberConsent consent,
            SmsGateway gateway,
            MessagingSettings settings,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            OutboundMedia media,
            TextMeters meters,
            AcceptedTexts accepted,
            Clock clock) {
        this.accepted = accepted;
        this.rows = rows;
        this.consent = consent;
        this.gateway = gateway;
        this.settings = settings;
        this.events = events;
        this.transactions = transactions;
        this.media = media;
        this.meters = meters;
        this.clock = clock;
    }

    /** Sends one claimed text; whatever goes wrong, it stays queued for a later attempt. */
    void send(Pending p) {
        MDC.put(TextLog.ID, Long.toString(p.id())); // the catch's line too, hence no try-with-resources
        try {
            // Media are kept as paths under the public URL, which Twilio fetches them from.
            var base = p.statusCallback() == null ? "" : p.statusCallback();
            var mediaUrls = p.hasMedia()
                    ? media.pathsOf(p.id()).stream().map(path -> base + path).toList()
                    : List.<String>of(); // most texts have none: no query for them
            var text = new OutgoingText(p.id(), p.from(), p.to(), p.body(), p.statusCallback(), mediaUrls);
            if (p.mayHaveArrivedBefore()) {
                var found = gateway.lookUp(text, p.createdAt().minusMinutes(1));
                if (found instanceof SendOutcome.Found f) {
                    var ours = f.matches().stream()
                            .filter(a -> !rows.sidExists(a.sid()))
                            .findFirst();
                    if (ours.isPresent()) {
                        log.info(
                                "Message {} had reached the provider after all as {}; not sending it again",
                                p.id(),
                                ours.get().sid());
                        settle(p, ours.get());
                        return;
                    }
                } else {
                    settle(p, found); // cannot tell yet: try again later, still checking first
                    return;
                }
            }
            settle(p, gateway.send(text));
        } catch (RuntimeException e) {
            log.error("Sending message {} failed unexpectedly; it stays queued", p.id(), e);
            rows.retryAt(p.id(), OffsetDateTime.now(clock).plus(backoff(p.attempts() + 1)), true, "internal error");
        } finally {
            MDC.remove(TextLog.SID);
            MDC.remove(TextLog.ID);
        }
    }

    private void settle(Pending p, SendOutcome outcome) {
        if (outcome instanceof SendOutcome.Accepted a) {
            if (a.from() != null && gateway.isPool(p.from())) {
                rows.sentFrom(p.id(), a.from()); // Twilio picked the number (a Messaging Service)
            }
            MDC.put(TextLog.SID, a.sid()); // for what is logged of it from here on this thread; send() ends it
            accepted.accepted(p, a.sid(), a.status()); // recorded with the others of the moment, then announced
            return;
        } else if (outcome instanceof SendOutcome.Refused r) {
            rows.failed(p.id(), r.code(), r.explanation());
            meters.failed(r.code());
            if (r.recipientOptedOut()) { // with what follows from it (the audit log, other texts withdrawn)
                transactions.executeWithoutResult(status -> consent.optOut(
                        p.to(), ConsentSource.CARRIER, "a text was refused: " + r.explanation(), AuditLog.CARRIER));
            }
        } else if (outcome instanceof SendOutcome.RetryLater r) {
            int attempts = p.attempts() + 1;
            if (attempts >= settings.maxAttempts()) {
                rows.failed(p.id(), null, "Not sent: " + r.reason() + " (gave up after " + attempts + " attempts)");
                meters.failed(null);
            } else {
                var at = OffsetDateTime.now(clock).plus(backoff(attempts));
                log.info("Message {} not sent ({}); attempt {} at {}", p.id(), r.reason(), attempts + 1, at);
                rows.retryAt(p.id(), at, r.mayHaveArrived() || p.mayHaveArrivedBefore(), r.reason());
                return; // still queued: nothing to announce
            }
        } else {
            throw new IllegalStateException("Unexpected outcome of a send: " + outcome);
        }
        // The worker knows what changed: announce it without reading the row back.
        events.publishEvent(new MessageStatusChanged(p.id(), p.customerId(), statusAfter(outcome)));
    }

    private static String statusAfter(SendOutcome outcome) {
        return outcome instanceof SendOutcome.Accepted a ? a.status() : DeliveryStatus.FAILED.code();
    }

    /** 1 s, 2 s, 4 s … up to 5 minutes, with jitter so that retries from many texts spread out. */
    static Duration backoff(int attempts) {
        long seconds = Math.min(300, 1L << Math.min(attempts - 1, 9));
        return Duration.ofMillis(seconds * 1000 + ThreadLocalRandom.current().nextLong(250));
    }
}
