package com.kontrol.notification;

import com.kontrol.database.OwnTransaction;
import com.kontrol.job.ApprovalRequest;
import com.kontrol.job.Approvals;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.TextToGo;
import com.kontrol.messaging.outbound.Trigger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A customer's answer to the approval requests Kontrol texted them: YES, APPROVE or OK approves, NO or DECLINE
 * declines. With several requests open it asks which one (once per set of open requests), and a numbered answer ("2",
 * "NO 2") decides that one. {@link CustomerTextReader} decides whether a text is such an answer.
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
    private final WhichOne whichOne;
    private final JdbcClient jdbc;

    ApprovalReplies(
            Approvals approvals,
            Outbox outbox,
            NotificationLog notifications,
            WhichOne whichOne,
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager) {
        this.ownTransaction = OwnTransaction.with(transactionManager);
        this.approvals = approvals;
        this.outbox = outbox;
        this.notifications = notifications;
        this.whichOne = whichOne;
        this.jdbc = jdbc;
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

    // The jobs whose approval request (or "which one?") was texted to this number of the customer and not refused:
    // a question Kontrol asked of that number.
    private static final String ASKED_JOBS = """
            select distinct n.job_id
            from notification_log n join messages m on m.id = n.message_id
            where n.customer_id = :customerId and n.kind = :kind and m.to_address = :phone
              and m.status not in ('failed', 'undelivered', 'canceled')
            """;

    /**
     * The open approval requests that were asked of the number this text came from, oldest first: a bare YES or OK
     * decides something only when Kontrol asked exactly that question of that number and it is still open.
     */
    List<ApprovalRequest> asked(Message message) {
        if (message.customerId() == null) {
            return List.of();
        }
        var open = approvals.pendingOfCustomer(message.customerId());
        if (open.isEmpty()) {
            return open;
        }
        var jobs = jdbc.sql(ASKED_JOBS)
                .param("customerId", message.customerId())
                .param("kind", NotificationKind.APPROVAL_REQUEST.code())
                .param("phone", message.from())
                .query(Long.class)
                .set();
        return open.stream().filter(r -> jobs.contains(r.jobId())).toList();
    }

    /** Decides what the answer names, or asks which one when several are open ({@link CustomerTextReader}). */
    void answer(Message message, Answer answer, List<ApprovalRequest> open) {
        ownTransaction.executeWithoutResult(status -> decide(message, answer, open));
    }

    private void decide(Message message, Answer answer, List<ApprovalRequest> open) {
        if (answer.choice().isPresent()) {
            int n = answer.choice().get();
            if (n >= 1 && n <= open.size()) {
                approvals.decide(open.get(n - 1).id(), answer.approve(), "sms", message.actor());
            }
            return;
        }
        if (open.size() == 1) {
            approvals.decide(open.get(0).id(), answer.approve(), "sms", message.actor());
            return;
        }
        if (whichOne.firstAsk(
                message.customerId(),
                "approvals",
                open.stream().map(ApprovalRequest::id).toList())) {
            askWhich(message.customerId(), open);
        }
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
        var m = outbox.queue(TextToGo.to(customerId, body, Sender.Automatic.NOTIFICATION)
                .about(open.get(0).jobId())
                .because(Trigger.ANSWER));
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
