package com.kontrol.messaging.outbound;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.job.Job;
import com.kontrol.messaging.DeliveryStatus;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageQueued;
import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.messaging.Messages;
import com.kontrol.web.ConflictException;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import com.kontrol.web.PublicUrl;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Texts kept to go at a time of their own (a person's "send later", a visit reminder): stored as {@code scheduled},
 * checked when kept and again when due, released to the outbox by {@link ScheduledSends}.
 */
@Service
public class ScheduledTexts {

    public static final Duration MIN_AHEAD = Duration.ofMinutes(1);
    public static final Duration MAX_AHEAD = Duration.ofDays(366);

    private final Messages messages;
    private final OutboxRows rows;
    private final TextChecks checks;
    private final SenderChoice senders;
    private final AutomaticTextGate gate;
    private final HeldTexts heldTexts;
    private final PublicUrl publicUrl;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ScheduledTexts(
            Messages messages,
            OutboxRows rows,
            TextChecks checks,
            SenderChoice senders,
            AutomaticTextGate gate,
            HeldTexts heldTexts,
            PublicUrl publicUrl,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.messages = messages;
        this.rows = rows;
        this.checks = checks;
        this.senders = senders;
        this.gate = gate;
        this.heldTexts = heldTexts;
        this.publicUrl = publicUrl;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Keeps a text to send at {@code text.when()} (at least a minute ahead, within a year). It is checked now and again
     * when it is due: its shortcodes are expanded then, and a customer who opted out meanwhile gets nothing.
     *
     * @throws InvalidInputException saying why it cannot be scheduled; nothing is stored then
     */
    @Transactional
    public Message schedule(TextToGo text) {
        var customer = checks.customer(text.customerId());
        var job = checks.job(customer, text.jobId());
        var sendAt = text.when();
        checkSendAt(sendAt);
        checks.refuseIfCannotText(customer);
        checks.wordsOf(customer, text.body(), job);
        var sender = text.sender();
        var message = rows.addQueued(
                Message.queued(
                                customer.id(),
                                job.map(Job::id).orElse(null),
                                senders.forCustomer(customer.id(), sender, text.from()),
                                checks.primaryNumberOf(customer),
                                text.body().strip(),
                                sender,
                                sendAt) // until it goes, its time is when it is due
                        .withStatus(DeliveryStatus.SCHEDULED),
                publicUrl.base().orElse(null),
                sendAt,
                sender.isAutomatic() ? OutboxRows.AUTOMATIC : OutboxRows.TYPED);
        audit.record(
                sender.code(),
                AuditAction.MESSAGE_SCHEDULED,
                customer.id(),
                "Scheduled text " + message.id() + " to " + message.to() + " for " + sendAt);
        events.publishEvent(new MessageStatusChanged(message.id(), customer.id(), message.status()));
        return message;
    }

    /**
     * Changes the words and the time of a text that has not gone yet.
     *
     * @throws ConflictException once it has gone or was cancelled
     */
    @Transactional
    public Message reschedule(long messageId, String body, Long jobId, OffsetDateTime sendAt, String by) {
        var scheduled = messages.findById(messageId)
                .orElseThrow(() -> new NotFoundException("There is no message " + messageId + "."));
        if (scheduled.customerId() == null || !DeliveryStatus.SCHEDULED.code().equals(scheduled.status())) {
            throw new ConflictException(
                    "Text " + messageId + " is " + scheduled.status() + ": only a scheduled text can be changed.");
        }
        var customer = checks.customer(scheduled.customerId());
        var job = checks.job(customer, jobId);
        checkSendAt(sendAt);
        checks.wordsOf(customer, body, job);
        if (!rows.reschedule(
                messageId, body.strip(), job.map(Job::id).orElse(null), sendAt, OffsetDateTime.now(clock))) {
            throw new ConflictException("Text " + messageId + " has just gone out or was cancelled.");
        }
        audit.record(
                by,
                AuditAction.MESSAGE_SCHEDULED,
                customer.id(),
                "Changed scheduled text " + messageId + ": now for " + sendAt);
        events.publishEvent(new MessageStatusChanged(messageId, customer.id(), scheduled.status()));
        return messages.findById(messageId).orElseThrow();
    }

    /**
     * Sends a scheduled text whose time has come, once however many instances try: checked again and its shortcodes
     * expanded now; if it can no longer go it fails, saying why, and nothing is sent.
     */
    @Transactional
    public void releaseDue(long messageId) {
        var scheduled = messages.findById(messageId).orElse(null);
        if (scheduled == null || !DeliveryStatus.SCHEDULED.code().equals(scheduled.status())) {
            return;
        }
        var now = OffsetDateTime.now(clock);
        var why = checks.whyNot(scheduled.customerId(), scheduled.body(), scheduled.jobId());
        if (why.isPresent()) {
            if (rows.notSent(messageId, "Not sent at its time: " + why.get(), now)) {
                events.publishEvent(
                        new MessageStatusChanged(messageId, scheduled.customerId(), DeliveryStatus.FAILED.code()));
            }
            return;
        }
        var sender = scheduled.sender();
        if (sender.isAutomatic()) { // Kontrol's own schedule: the governor's rules, quiet hours too
            var verdict = gate.check(scheduled.to(), sender, Trigger.SCHEDULED, now);
            if (verdict.held()) {
                heldTexts.holdScheduled(scheduled, verdict, now);
                return;
            }
            if (verdict.notBefore() != null) {
                rows.postpone(messageId, verdict.notBefore(), now);
                return;
            }
        }
        var customer = checks.customer(scheduled.customerId());
        var text = checks.draft(customer, scheduled.body(), checks.job(customer, scheduled.jobId()))
                .text();
        if (rows.release(messageId, text, now)) {
            if (sender.isAutomatic()) {
                gate.passed(messageId, scheduled.to(), sender, Trigger.SCHEDULED);
            }
            events.publishEvent(new MessageQueued(messages.findById(messageId).orElseThrow()));
        }
    }

    private void checkSendAt(OffsetDateTime sendAt) {
        var now = OffsetDateTime.now(clock);
        if (sendAt == null || sendAt.isBefore(now.plus(MIN_AHEAD))) {
            throw new InvalidInputException("Schedule a text at least a minute ahead.");
        }
        if (sendAt.isAfter(now.plus(MAX_AHEAD))) {
            throw new InvalidInputException("Schedule a text at most a year ahead.");
        }
    }
}
