package com.kontrol.messaging.outbound;

import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.phone.NumberOptedOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * After a STOP the carrier's one confirmation is the last text the number gets: whatever still waits in the outbox for
 * it (a notification settling, a retry backing off), whichever customer it was for, fails at once in the transaction
 * that recorded the opt-out instead of going out behind it. What another instance reads in the instant before is
 * caught when it claims the text ({@link OutboundWorker}); a text already handed to the provider cannot be called
 * back, and the provider refuses it.
 */
@Component
class OptOutWithdrawal {

    static final String WHY = "Not sent: the number opted out before it went";

    private static final Logger log = LoggerFactory.getLogger(OptOutWithdrawal.class);

    private final OutboxRows rows;
    private final ApplicationEventPublisher events;

    OptOutWithdrawal(OutboxRows rows, ApplicationEventPublisher events) {
        this.rows = rows;
        this.events = events;
    }

    @EventListener
    void optedOut(NumberOptedOut event) {
        for (var w : rows.withdrawQueuedTo(event.number(), WHY)) {
            log.info("Message {} to {} withdrawn: the number opted out", w.id(), event.number());
            events.publishEvent(new MessageStatusChanged(w.id(), w.customerId(), "failed"));
        }
    }
}
