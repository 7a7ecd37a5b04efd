package com.kontrol.messaging.outbound;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.messaging.DeliveryStatus;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.web.ConflictException;
import com.kontrol.web.NotFoundException;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A failed text sent again, as it was, by the person who pressed "Send again". */
@Service
public class Resends {

    private final Messages messages;
    private final OutboxRows rows;
    private final TextChecks checks;
    private final SenderChoice senders;
    private final Outbox outbox;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Resends(
            Messages messages,
            OutboxRows rows,
            TextChecks checks,
            SenderChoice senders,
            Outbox outbox,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.messages = messages;
        this.rows = rows;
        this.checks = checks;
        this.senders = senders;
        this.outbox = outbox;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Queues a failed text again, as it was, exactly once: pressed twice, or by two people at once, one new attempt is
     * queued and the other press is told who sent it again.
     *
     * @throws ConflictException when it was already sent again, or is not a failed text
     */
    @Transactional
    public Message resend(long messageId, String by) {
        var failed = messages.findById(messageId).orElseThrow(() -> new NotFoundException("No such message."));
        if (failed.isInbound() || failed.customerId() == null) {
            throw new ConflictException("Only texts sent to a customer can be sent again.");
        }
        if (failed.resentBy() != null) {
            throw alreadyResent(failed.resentBy());
        }
        var status = DeliveryStatus.fromCode(failed.status()).orElse(DeliveryStatus.QUEUED);
        if (status != DeliveryStatus.FAILED && status != DeliveryStatus.UNDELIVERED) {
            throw new ConflictException("Only a failed text can be sent again.");
        }
        checks.refuseIfCannotText(checks.customer(failed.customerId()));
        boolean claimed;
        try {
            claimed = rows.claimResend(messageId, by);
        } catch (ConcurrencyFailureException e) {
            claimed =
                    false; // the database refused the second of two updates of one row at once rather than let it wait
        }
        if (!claimed) {
            throw alreadyResent(
                    messages.findById(messageId).map(Message::resentBy).orElse("someone"));
        }
        var sender = Sender.person(by);
        var from = senders.again(failed.from(), failed.customerId(), sender);
        var again = outbox.enqueue(
                Message.queued(
                        failed.customerId(),
                        failed.jobId(),
                        from,
                        failed.to(),
                        failed.body(),
                        sender,
                        OffsetDateTime.now(clock)),
                null,
                Trigger.NOW);
        rows.supersede(messageId, again.id());
        audit.record(
                by,
                AuditAction.MESSAGE_RESENT,
                failed.customerId(),
                "Sent failed text " + messageId + " again as text " + again.id() + " to " + again.to());
        events.publishEvent(new MessageStatusChanged(messageId, failed.customerId(), failed.status()));
        return again;
    }

    private static ConflictException alreadyResent(String by) {
        return new ConflictException("This text was already sent again" + (by == null ? "" : " by " + by) + ".");
    }
}
