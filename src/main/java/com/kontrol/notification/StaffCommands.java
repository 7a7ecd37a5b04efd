package com.kontrol.notification;

import com.kontrol.database.OwnTransaction;
import com.kontrol.hours.OnCallPager;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.StaffTexted;
import com.kontrol.messaging.StaffTexts;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.phone.NumberConsent;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a staff member texts from their own phone: "OMW 20" tells today's customer they are on the way, "OK" takes the
 * emergency page they got. Kontrol texts back what it did, or why it did nothing; anything else is answered with how
 * to use it, at most once an hour (an auto-reply on the staff phone must not start a conversation of machines).
 */
@Component
class StaffCommands {

    private static final Logger log = LoggerFactory.getLogger(StaffCommands.class);

    static final Sender SENT_BY = Sender.Automatic.KONTROL;
    static final Duration HELP_QUIET = Duration.ofHours(1);
    static final String HELP = "Kontrol: texts from your phone reach no customer. To tell today's customer you are on"
            + " the way, text OMW and the minutes, e.g. OMW 20. To take an emergency page, text OK.";
    static final String NOTHING_TO_ACKNOWLEDGE =
            "Kontrol: no emergency page is waiting for you (someone may have taken it already).";

    private final OnTheWay onTheWay;
    private final OnCallPager pager;
    private final StaffTexts staffTexts;
    private final Outbox outbox;
    private final NumberConsent numberConsent;
    private final TransactionTemplate ownTransaction;

    StaffCommands(
            OnTheWay onTheWay,
            OnCallPager pager,
            StaffTexts staffTexts,
            Outbox outbox,
            NumberConsent numberConsent,
            PlatformTransactionManager transactionManager) {
        this.numberConsent = numberConsent;
        this.onTheWay = onTheWay;
        this.pager = pager;
        this.staffTexts = staffTexts;
        this.outbox = outbox;
        this.ownTransaction = OwnTransaction.with(transactionManager);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void texted(StaffTexted event) {
        ownTransaction.executeWithoutResult(status -> handle(event));
    }

    private void handle(StaffTexted text) {
        var omw = OnMyWayText.parse(text.body());
        if (omw.isPresent()) {
            var answer = onTheWay.fromTechnician(text.usernames(), omw.get());
            answer(text, "on_my_way", answer, answer);
        } else if (OnCallPager.acknowledges(text.body())) {
            int taken = pager.acknowledgedByText(text.from());
            if (taken == 0) {
                answer(text, "acknowledgement", "nothing to acknowledge", NOTHING_TO_ACKNOWLEDGE);
            } else {
                answer(text, "acknowledgement", "acknowledged " + taken + " page(s)", null);
            }
        } else if (staffTexts.answeredSince(
                text.from(), "not_a_command", text.receivedAt().minus(HELP_QUIET))) {
            answer(text, "not_a_command", "not a command; told how less than an hour ago", null);
        } else {
            answer(text, "not_a_command", "not a command; told how", HELP);
        }
    }

    private void answer(StaffTexted text, String command, String outcome, String reply) {
        Long replyId = null;
        if (reply != null && numberConsent.optOutOf(text.from()).isPresent()) {
            outcome = outcome + "; not answered: the phone opted out of texts with STOP";
        } else if (reply != null) {
            try { // in a transaction of its own: a refused answer must not undo what was done
                replyId = ownTransaction.execute(
                        s -> outbox.queueToNumber(text.from(), reply, SENT_BY).id());
            } catch (RuntimeException e) {
                log.warn("Could not answer staff text {}: {}", text.staffTextId(), e.getMessage());
                outcome = outcome + "; the answer could not be sent (" + e.getMessage() + ")";
            }
        }
        staffTexts.handled(text.staffTextId(), command, outcome, replyId);
    }
}
