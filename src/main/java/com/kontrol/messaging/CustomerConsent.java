package com.kontrol.messaging;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customers;
import com.kontrol.phone.NumberOptedIn;
import com.kontrol.phone.NumberOptedOut;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A number's consent changed: that is a change for every customer who has the number ({@link CustomerOptedOut},
 * {@link CustomerOptedIn}: their threads, the audit log, outgoing webhooks), in the same transaction. A number that is
 * nobody's yet (the unassigned inbox, a staff phone) is written in the audit log on its own.
 */
@Component
class CustomerConsent {

    private final Customers customers;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;

    CustomerConsent(Customers customers, ApplicationEventPublisher events, AuditLog audit) {
        this.customers = customers;
        this.events = events;
        this.audit = audit;
    }

    @EventListener
    void optedOut(NumberOptedOut event) {
        var why = event.words() + " (" + event.number() + ")";
        var ids = customers.idsWithPhone(event.number());
        if (ids.isEmpty()) {
            audit.record(event.by(), AuditAction.OPTOUT_CHANGED, null, event.number() + " opted out: " + event.words());
        }
        for (var id : ids) {
            events.publishEvent(new CustomerOptedOut(id, why, event.by()));
        }
    }

    @EventListener
    void optedIn(NumberOptedIn event) {
        var why = event.words() + " (" + event.number() + ")";
        var ids = customers.idsWithPhone(event.number());
        if (ids.isEmpty()) {
            audit.record(
                    event.by(), AuditAction.OPTOUT_CHANGED, null, event.number() + " opted back in: " + event.words());
        }
        for (var id : ids) {
            events.publishEvent(new CustomerOptedIn(id, why, event.by()));
        }
    }
}
