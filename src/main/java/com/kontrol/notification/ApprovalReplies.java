package com.kontrol.notification;

import com.kontrol.database.OwnTransaction;
import com.kontrol.job.ApprovalRequest;
import com.kontrol.job.Approvals;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageReceived;
import com.kontrol.messaging.outbound.Outbox;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads a customer's text as the answer to their open approval request: YES, APPROVE or OK approves, NO or DECLINE
 * declines. With several requests open it asks which one, and a numbered answer ("2", "NO 2") decides that one. Any
 * other text is an ordinary message. A YES that opted the customer back in to texts decides nothing.
 */
@Component
class ApprovalReplies {

    private static final Pattern ANSWER =
            Pattern.compile("^(?:(YES|Y|APPROVE|APPROVED|OK|OKAY)|(NO|N|DECLINE|DECLINED))?\\s*#?(\\d{1,2})?[.!]*$");

    record Answer(boolean approve, Optional<Integer> choice) {}

    private final TransactionTemplate ownTransaction;
    private final Approvals approvals;
    private final Outbox outbox;
    private final NotificationLog notifications;
    private final OnCallPager emergencies;
    private final EmergencyLine line;

    ApprovalReplies(
            Approvals approvals,
            Outbox outbox,
            NotificationLog notifications,
            OnCallPager emergencies,
            EmergencyLine line,
            PlatformTransactionManager transactionManager) {
        this.ownTransaction = OwnTransaction.with(transactionManager);
        this.approvals = approvals;
        this.outbox = outbox;
        this.notifications = notifications;
        this.emergencies = emergencies;
        this.line = line;
    }

    static Optional<Answer> read(String body) {
        if (body == null) {
            return Optional.empty();
        }
        var m = ANSWER.matcher(body.strip().toUpperCase(Locale.ROOT));
        if (!m.matches() || (m.group(1) == null && m.group(2) == null && m.group(3) == null)) {
            return Optional.empty();
        }
        var choice = Optional.ofNullable(m.group(3)).map(Integer::valueOf);
        return Optional.of(new Answer(m.group(2) == null, choice));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void received(MessageReceived event) {
        var message = event.message();
        if (message.customerId() == null || event.consentChanged()) {
            return;
        }
        var answer = read(message.body());
        if (answer.isEmpty()) {
            return; // not a YES or a NO: no transaction needed
        }
        ownTransaction.executeWithoutResult(status -> answer(message, answer.get()));
    }

    private void answer(Message message, Answer answer) {
        if (emergencies.raisesEmergency(message, line.settings()).isPresent()) {
            return; // the "1" the after-hours reply asked for is an emergency, not the first request approved
        }
        var open = approvals.pendingOfCustomer(message.customerId());
        if (open.isEmpty()) {
            return;
        }
        if (answer.choice().isPresent()) {
            int n = answer.choice().get();
            if (n >= 1 && n <= open.size()) {
                approvals.decide(open.get(n - 1).id(), answer.approve(), "sms", "customer");
            }
            return;
        }
        if (open.size() == 1) {
            approvals.decide(open.get(0).id(), answer.approve(), "sms", "customer");
            return;
        }
        askWhich(message.customerId(), open);
    }

    private void askWhich(long customerId, List<ApprovalRequest> open) {
        var text = new StringBuilder("You have " + open.size() + " requests waiting:");
        for (int i = 0; i < open.size(); i++) {
            text.append(' ')
                    .append(i + 1)
                    .append(") ")
                    .append(open.get(i).describe())
                    .append('.');
        }
        text.append(" Reply with a number to approve it, or NO and the number to decline it.");
        var body = text.length() > Outbox.MAX_LENGTH ? text.substring(0, Outbox.MAX_LENGTH) : text.toString();
        var reason = outbox.whyNot(customerId, body, open.get(0).jobId());
        if (reason.isPresent()) {
            notifications.record(
                    open.get(0).jobId(),
                    customerId,
                    NotificationKind.APPROVAL_REQUEST,
                    "skipped",
                    reason.get(),
                    null,
                    "customer");
            return;
        }
        var m = outbox.queue(customerId, body, open.get(0).jobId(), Outbox.NOTIFICATION);
        notifications.record(
                open.get(0).jobId(),
                customerId,
                NotificationKind.APPROVAL_REQUEST,
                "queued",
                "asked which of " + open.size() + " open requests",
                m.id(),
                "customer");
    }
}
