package com.kontrol.messaging.outbound;

import com.kontrol.messaging.CustomerOptedOut;
import com.kontrol.messaging.MessageStatusChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * After a STOP the carrier's one confirmation is the last text the customer gets: whatever of theirs still waits in the
 * outbox (a notification settling, a retry backing off) fails at once, in the transaction that recorded the opt-out,
 * instead of going out behind it. A text already handed to the worker cannot be called back; Twilio refuses it.
 */
@Component
public class OptOutWithdrawal {

    static final String WHY = "Not sent: the customer opted out before it went";

    private static final Logger log = LoggerFactory.getLogger(OptOutWithdrawal.class);

    private final OutboxRows rows;
    private final ApplicationEventPublisher events;

    OptOutWithdrawal(OutboxRows rows, ApplicationEventPublisher events) {
        this.rows = rows;
        this.events = events;
    }

    @EventListener
    void optedOut(CustomerOptedOut event) {
        for (var id : rows.withdrawQueued(event.customerId(), null, WHY)) {
            log.info("Message {} to customer {} withdrawn: they opted out", id, event.customerId());
            events.publishEvent(new MessageStatusChanged(id, event.customerId(), "failed"));
        }
    }

    /** The same for a number of the unassigned inbox. */
    public void numberOptedOut(String phone) {
        for (var id : rows.withdrawQueued(null, phone, WHY)) {
            log.info("Message {} to {} withdrawn: the number opted out", id, phone);
            events.publishEvent(new MessageStatusChanged(id, null, "failed"));
        }
    }
}
