package com.kontrol.notification;

import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.security.MobileCodeRequested;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Texts the code that proves a staff member's mobile is theirs, in the transaction that stored it: a number the outbox
 * refuses (Twilio not set up, a number that opted out) refuses the change too, with the outbox's reason.
 */
@Component
class MobileCodeText {

    private final Outbox outbox;

    MobileCodeText(Outbox outbox) {
        this.outbox = outbox;
    }

    @EventListener
    void requested(MobileCodeRequested event) {
        outbox.queueToNumber(
                event.mobile(),
                "Kontrol: " + event.code() + " is your code to confirm this phone for " + event.username()
                        + ". It expires in 10 minutes. If you did not ask for it, ignore this text.",
                Sender.Automatic.VERIFICATION);
    }
}
