package com.kontrol.notification;

import com.kontrol.database.OwnTransaction;
import com.kontrol.job.Job;
import com.kontrol.job.Jobs;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.TextToGo;
import com.kontrol.messaging.outbound.Trigger;
import com.kontrol.visit.Visit;
import com.kontrol.visit.VisitStatus;
import com.kontrol.visit.Visits;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A customer's answer to a visit reminder they were sent ({@link CustomerTextReader} decides a text is one): C
 * (CONFIRM, or YES) confirms the visit; R (RESCHEDULE) asks for another time, their words ("R can you do Thursday afternoon?") kept
 * for the office, not parsed into a booking, and the conversation waits in Needs reply like any text. With several
 * visits waiting it asks which (once per set), and a numbered answer ("C 2") decides that one, as approvals do.
 */
@Component
class VisitReplies {

    private static final Pattern CONFIRM = Pattern.compile("^(C|CONFIRM|CONFIRMED|YES|Y)\\s*#?(\\d{1,2})?[.!]*$");
    private static final Pattern RESCHEDULE =
            Pattern.compile("^(R|RESCHEDULE)(?:\\s*#?(\\d{1,2}))?(?![A-Z0-9])[\\s,.:;!-]*(.*)$", Pattern.DOTALL);

    record Reply(VisitStatus status, Optional<Integer> choice, String words, boolean yes) {}

    private final Visits visits;
    private final Jobs jobs;
    private final WhichOne whichOne;
    private final Outbox outbox;
    private final NotificationLog notifications;
    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;

    VisitReplies(
            Visits visits,
            Jobs jobs,
            WhichOne whichOne,
            Outbox outbox,
            NotificationLog notifications,
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager) {
        this.visits = visits;
        this.jobs = jobs;
        this.whichOne = whichOne;
        this.outbox = outbox;
        this.notifications = notifications;
        this.jdbc = jdbc;
        this.ownTransaction = OwnTransaction.with(transactionManager);
    }

    static Optional<Reply> read(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        var text = body.strip();
        var upper = text.toUpperCase(Locale.ROOT);
        var c = CONFIRM.matcher(upper);
        if (c.matches()) {
            return Optional.of(new Reply(
                    VisitStatus.CONFIRMED,
                    Optional.ofNullable(c.group(2)).map(Integer::valueOf),
                    null,
                    c.group(1).startsWith("Y")));
        }
        var r = RESCHEDULE.matcher(upper);
        if (r.matches()) {
            var words = text.substring(text.length() - r.group(3).length()).strip();
            return Optional.of(new Reply(
                    VisitStatus.RESCHEDULE_REQUESTED,
                    Optional.ofNullable(r.group(2)).map(Integer::valueOf),
                    words,
                    false));
        }
        return Optional.empty();
    }

    /**
     * The visits waiting for the customer's answer whose reminder went to the number this text came from: only those
     * are questions Kontrol asked of it.
     */
    List<Visit> asked(Message message) {
        if (message.customerId() == null) {
            return List.of();
        }
        var jobIds =
                jobs.forCustomer(message.customerId()).stream().map(Job::id).toList();
        return reminded(visits.awaitingAnswer(jobIds), message.from());
    }

    /** Decides the visit the reply names, or asks which one when several wait ({@link CustomerTextReader}). */
    void answer(Message message, Reply reply, List<Visit> open) {
        ownTransaction.executeWithoutResult(status -> decide(message, reply, open));
    }

    private void decide(Message message, Reply reply, List<Visit> open) {
        Visit visit;
        if (reply.choice().isPresent()) {
            int n = reply.choice().get();
            if (n < 1 || n > open.size()) {
                return;
            }
            visit = open.get(n - 1);
        } else if (open.size() == 1) {
            visit = open.get(0);
        } else {
            if (whichOne.firstAsk(
                    message.customerId(), "visits", open.stream().map(Visit::id).toList())) {
                askWhich(message.customerId(), open);
            }
            return;
        }
        visits.answered(visit.jobId(), visit.id(), reply.status(), reply.words(), message.id(), message.actor());
    }

    /** Only visits whose reminder went out to this number are questions the customer can answer from it. */
    private List<Visit> reminded(List<Visit> candidates, String phone) {
        if (candidates.isEmpty()) {
            return candidates;
        }
        var sent = jdbc.sql("""
                        select r.visit_id from visit_reminders r join messages m on m.id = r.message_id
                        where r.visit_id in (:ids) and m.sid is not null and m.to_address = :phone
                        """)
                .param("ids", candidates.stream().map(Visit::id).toList())
                .param("phone", phone)
                .query(Long.class)
                .set();
        return candidates.stream().filter(v -> sent.contains(v.id())).toList();
    }

    private void askWhich(long customerId, List<Visit> open) {
        var text = new StringBuilder("You have " + open.size() + " visits booked:");
        for (int i = 0; i < open.size(); i++) {
            var v = open.get(i);
            text.append(' ')
                    .append(i + 1)
                    .append(") ")
                    .append(v.dayLabel())
                    .append(' ')
                    .append(v.window())
                    .append('.');
        }
        text.append(" Reply C and the number to confirm one, or R and the number to ask for another time.");
        var body = text.length() > Outbox.MAX_LENGTH ? text.substring(0, Outbox.MAX_LENGTH) : text.toString();
        var jobId = open.get(0).jobId();
        var why = outbox.whyNot(customerId, body, jobId);
        if (why.isPresent()) {
            notifications.record(
                    jobId, customerId, NotificationKind.VISIT_REMINDER, "skipped", why.get(), null, "customer");
            return;
        }
        var m = outbox.queue(TextToGo.to(customerId, body, Sender.Automatic.NOTIFICATION)
                .about(jobId)
                .because(Trigger.ANSWER));
        notifications.record(
                jobId,
                customerId,
                NotificationKind.VISIT_REMINDER,
                "queued",
                "asked which of " + open.size() + " visits",
                m.id(),
                "customer");
    }
}
