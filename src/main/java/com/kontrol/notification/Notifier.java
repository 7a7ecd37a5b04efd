package com.kontrol.notification;

import com.kontrol.audit.AuditLog;
import com.kontrol.job.ApprovalDecided;
import com.kontrol.job.ApprovalRequest;
import com.kontrol.job.ApprovalRequested;
import com.kontrol.job.JobStatusChanged;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.TextToGo;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Texts the customer when their job changes status or needs their approval, in the same transaction as the change:
 * the text is queued if and only if the change commits. What cannot go (SMS off, opted out, no number, no provider)
 * is recorded with its reason rather than dropped silently.
 */
@Component
class Notifier {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    static final Duration REPLACEABLE = Duration.ofMinutes(2);

    private final NotificationTemplates templates;
    private final NotificationLog notifications;
    private final Outbox outbox;
    private final NotificationSettings settings;

    private final Clock clock;

    Notifier(
            NotificationTemplates templates,
            NotificationLog notifications,
            Outbox outbox,
            NotificationSettings settings,
            Clock clock) {
        this.clock = clock;
        this.templates = templates;
        this.notifications = notifications;
        this.outbox = outbox;
        this.settings = settings;
    }

    @EventListener
    void statusChanged(JobStatusChanged change) {
        var kind = NotificationKind.of(change.to());
        // A status notification still waiting to go is replaced by the newer one: one text, about where the job is now.
        notifications
                .lastQueuedStatus(change.jobId())
                .filter(e -> e.createdAt().isAfter(OffsetDateTime.now(clock).minus(REPLACEABLE)))
                .filter(e -> e.messageId() != null && outbox.cancel(e.messageId(), AuditLog.SYSTEM))
                .ifPresent(e -> notifications.record(
                        change.jobId(),
                        change.customerId(),
                        kind,
                        "replaced",
                        "an earlier status text (" + e.kind() + ") was still waiting and was withdrawn",
                        e.messageId(),
                        change.changedBy()));
        var notBefore = OffsetDateTime.now(clock).plusSeconds(settings.settleSeconds());
        notify(kind, change.customerId(), change.jobId(), null, change.changedBy(), notBefore);
    }

    @EventListener
    void approvalRequested(ApprovalRequested event) {
        notify(
                NotificationKind.APPROVAL_REQUEST,
                event.customerId(),
                event.request().jobId(),
                event.request(),
                event.request().createdBy(),
                null);
    }

    @EventListener
    void approvalDecided(ApprovalDecided event) {
        if (event.undone()) {
            return;
        }
        var kind = ApprovalRequest.APPROVED.equals(event.request().status())
                ? NotificationKind.APPROVAL_APPROVED
                : NotificationKind.APPROVAL_DECLINED;
        notify(
                kind,
                event.customerId(),
                event.request().jobId(),
                event.request(),
                event.request().decidedBy(),
                null);
    }

    private void notify(
            NotificationKind kind,
            long customerId,
            long jobId,
            ApprovalRequest approval,
            String causedBy,
            OffsetDateTime notBefore) {
        var template = templates.of(kind);
        if (!template.enabled()) {
            notifications.record(
                    jobId,
                    customerId,
                    kind,
                    "skipped",
                    "the \"" + kind.label + "\" notification is switched off",
                    null,
                    causedBy);
            return;
        }
        var body = approval == null ? template.body() : template.body().replace("{{approval}}", approval.describe());
        var reason = outbox.whyNot(customerId, body, jobId);
        if (reason.isPresent()) {
            log.info("Notification {} for job {} not sent: {}", kind.code(), jobId, reason.get());
            notifications.record(jobId, customerId, kind, "skipped", reason.get(), null, causedBy);
            return;
        }
        var message = outbox.queue(TextToGo.to(customerId, body, Sender.Automatic.NOTIFICATION)
                .about(jobId)
                .at(notBefore));
        notifications.record(jobId, customerId, kind, "queued", null, message.id(), causedBy);
    }
}
