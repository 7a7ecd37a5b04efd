package com.kontrol.messaging.outbound;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.messaging.DeliveryStatus;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageStatusChanged;
import java.time.OffsetDateTime;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The automatic texts the governor ({@link AutomaticTextGate}) held: not sent, in the thread as failed with "Held: "
 * and the reason, so that staff see what Kontrol did not send, and in the audit log with the rule.
 */
@Component
class HeldTexts {

    static final String PREFIX = "Held: ";

    private final OutboxRows rows;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    HeldTexts(OutboxRows rows, AuditLog audit, ApplicationEventPublisher events) {
        this.rows = rows;
        this.audit = audit;
        this.events = events;
    }

    /** Writes a text that was about to be queued as held. */
    Message hold(Message text, AutomaticTextGate.Verdict verdict) {
        var message = rows.addHeld(text, PREFIX + verdict.reason());
        audited(message.customerId(), message.to(), verdict);
        events.publishEvent(new MessageStatusChanged(message.id(), message.customerId(), message.status()));
        return message;
    }

    /** Holds a scheduled text that has come due (once, however many instances try). */
    void holdScheduled(Message scheduled, AutomaticTextGate.Verdict verdict, OffsetDateTime now) {
        if (rows.notSent(scheduled.id(), PREFIX + verdict.reason(), now)) {
            audited(scheduled.customerId(), scheduled.to(), verdict);
            events.publishEvent(
                    new MessageStatusChanged(scheduled.id(), scheduled.customerId(), DeliveryStatus.FAILED.code()));
        }
    }

    private void audited(Long customerId, String to, AutomaticTextGate.Verdict verdict) {
        audit.record(
                AuditLog.SYSTEM,
                AuditAction.MESSAGE_HELD,
                customerId,
                "Held an automatic text to " + to + " (" + verdict.rule() + "): " + verdict.reason());
    }
}
