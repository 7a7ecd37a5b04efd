package com.kontrol.messaging;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Every change of a customer's consent to texts, and why, in the audit log (in the transaction that changed it). */
@Component
class ConsentAudit {

    private final AuditLog audit;

    ConsentAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void optedOut(CustomerOptedOut event) {
        audit.record(event.by(), AuditAction.OPTOUT_CHANGED, event.customerId(), "Opted out: " + event.why());
    }

    @EventListener
    void optedIn(CustomerOptedIn event) {
        audit.record(event.by(), AuditAction.OPTOUT_CHANGED, event.customerId(), "Opted back in: " + event.why());
    }
}
