package com.kontrol.notification;

import com.kontrol.audit.AuditLog;
import com.kontrol.database.OwnTransaction;
import com.kontrol.hours.BusinessHours;
import com.kontrol.job.Jobs;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.ScheduledTexts;
import com.kontrol.messaging.outbound.TextToGo;
import com.kontrol.visit.Visit;
import com.kontrol.visit.VisitChanged;
import com.kontrol.visit.Visits;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The "Visit reminder": when a visit is scheduled, its reminder is kept in the outbox as a scheduled text for the day
 * before at {@code kontrol.notifications.reminder-at} (17:00; at the next opening when the office is closed then and
 * that is still before the visit), so it goes once, survives a restart, is checked for consent and SMS again when due,
 * and shows in the thread as scheduled. Moving the visit withdraws it and schedules the new one; cancelling withdraws
 * it. A reminder that cannot go is recorded on the job's notification log with the reason.
 */
@Component
class VisitReminders {

    private static final Logger log = LoggerFactory.getLogger(VisitReminders.class);

    private final Visits visits;
    private final Jobs jobs;
    private final Outbox outbox;
    private final ScheduledTexts scheduled;
    private final NotificationTemplates templates;
    private final NotificationLog notifications;
    private final NotificationSettings settings;
    private final BusinessHours hours;
    private final Times times;
    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    VisitReminders(
            Visits visits,
            Jobs jobs,
            Outbox outbox,
            ScheduledTexts scheduled,
            NotificationTemplates templates,
            NotificationLog notifications,
            NotificationSettings settings,
            BusinessHours hours,
            Times times,
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        this.visits = visits;
        this.jobs = jobs;
        this.outbox = outbox;
        this.scheduled = scheduled;
        this.templates = templates;
        this.notifications = notifications;
        this.settings = settings;
        this.hours = hours;
        this.times = times;
        this.jdbc = jdbc;
        this.ownTransaction = OwnTransaction.with(transactionManager);
        this.clock = clock;
    }

    /** The template with the visit's day, window and technician filled in ({@code {{visit_day}}}: "Tue 6 Jan"). */
    static String fill(String body, Visit visit) {
        return body.replace("{{visit_day}}", visit.date().format(DAY))
                .replace(
                        "{{visit_window}}",
                        visit.window().start() + " and " + visit.window().end())
                .replace("{{technician}}", visit.technician());
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

    @TransactionalEventListener(fallbackExecution = true)
    void changed(VisitChanged event) {
        ownTransaction.executeWithoutResult(status -> replan(event));
    }

    /** The reminder kept for a visit: its scheduled text and when it is due. */
    private record Kept(long messageId, OffsetDateTime dueAt) {}

    private void replan(VisitChanged event) {
        var visit = visits.find(event.jobId(), event.visitId());
        var kept = jdbc.sql("select message_id, due_at from visit_reminders where visit_id = :id")
                .param("id", visit.id())
                .query((rs, n) -> new Kept(rs.getLong(1), rs.getObject(2, OffsetDateTime.class)))
                .optional();
        boolean stillFits = kept.isPresent()
                && !visit.cancelled()
                && kept.get().dueAt().toInstant().equals(dueAt(visit).toInstant());
        if (stillFits) {
            return; // the visit changed otherwise (its technician, a confirmation): the reminder stands
        }
        if (kept.isPresent()) { // moved or cancelled before it went (a reminder already sent is left as it is)
            outbox.cancel(kept.get().messageId(), AuditLog.SYSTEM);
            jdbc.sql("delete from visit_reminders where visit_id = :id")
                    .param("id", visit.id())
                    .update();
        }
        if (visit.cancelled() || visit.status().underway()) {
            return;
        }
        schedule(visit, event.customerId());
    }

    private void schedule(Visit visit, long customerId) {
        var kind = NotificationKind.VISIT_REMINDER;
        var template = templates.of(kind);
        if (!template.enabled()) {
            notifications.record(
                    visit.jobId(),
                    customerId,
                    kind,
                    "skipped",
                    "the \"" + kind.label + "\" is switched off",
                    null,
                    AuditLog.SYSTEM);
            return;
        }
        var body = fill(template.body(), visit);
        var why = outbox.whyNot(customerId, body, visit.jobId());
        if (why.isPresent()) {
            log.info("No reminder for visit {}: {}", visit.id(), why.get());
            notifications.record(visit.jobId(), customerId, kind, "skipped", why.get(), null, AuditLog.SYSTEM);
            return;
        }
        var due = dueAt(visit);
        var now = OffsetDateTime.now(clock);
        var start = start(visit);
        if (!now.isBefore(start)) {
            return; // the visit has begun: too late for a reminder
        }
        var reminder =
                TextToGo.to(customerId, body, Sender.Automatic.NOTIFICATION).about(visit.jobId());
        try {
            var message = due.isAfter(now.plus(ScheduledTexts.MIN_AHEAD))
                    ? scheduled.schedule(reminder.at(due))
                    : outbox.queue(reminder); // booked late: at once
            jdbc.sql("insert into visit_reminders (visit_id, message_id, due_at) values (:visit, :message, :due)")
                    .param("visit", visit.id())
                    .param("message", message.id())
                    .param("due", due)
                    .update();
            notifications.record(visit.jobId(), customerId, kind, "queued", null, message.id(), AuditLog.SYSTEM);
        } catch (InvalidInputException e) {
            notifications.record(visit.jobId(), customerId, kind, "skipped", e.getMessage(), null, AuditLog.SYSTEM);
        }
    }

    /** The day before at the reminder time; at the next opening when closed then, if that is before the visit. */
    OffsetDateTime dueAt(Visit visit) {
        var zone = times.zone();
        var due = visit.date()
                .minusDays(1)
                .atTime(settings.reminderAt())
                .atZone(zone)
                .toInstant();
        if (!hours.isOpen(due)) {
            var opening = hours.nextOpening(due);
            if (opening.isPresent()
                    && opening.get().isBefore(start(visit).toInstant().minus(Duration.ofHours(1)))) {
                due = opening.get();
            }
        }
        return due.atOffset(ZoneOffset.UTC);
    }

    private OffsetDateTime start(Visit visit) {
        var start = "24:00".equals(visit.window().start())
                ? LocalTime.MAX
                : LocalTime.parse(visit.window().start());
        return visit.date().atTime(start).atZone(times.zone()).toOffsetDateTime();
    }
}
