package com.kontrol.notification;

import com.kontrol.job.JobStatus;
import java.util.Locale;

/** The texts Kontrol sends by itself, each with a default wording that admins can change. */
public enum NotificationKind {
    STATUS_SCHEDULED(
            "Job scheduled",
            true,
            "Hi {{first_name}}, job {{job_number}} ({{job_title}}) is scheduled. Details: {{portal_url}}"),
    STATUS_IN_PROGRESS(
            "Job in progress",
            true,
            "Hi {{first_name}}, our technician has started job {{job_number}} ({{job_title}})."),
    STATUS_AWAITING_APPROVAL(
            "Job awaiting approval",
            false,
            "Hi {{first_name}}, job {{job_number}} is waiting for your approval: {{portal_url}}"),
    STATUS_COMPLETED(
            "Job completed",
            true,
            "Hi {{first_name}}, job {{job_number}} is complete. Thank you for choosing {{company_name}}!"),
    STATUS_CANCELLED(
            "Job cancelled",
            true,
            "Hi {{first_name}}, job {{job_number}} has been cancelled. Questions? Just reply to this text."),
    APPROVAL_REQUEST(
            "Approval request",
            true,
            "{{company_name}}: job {{job_number}} needs your approval: {{approval}}. Reply YES to approve or NO to decline, or answer at {{portal_url}}"),
    APPROVAL_APPROVED(
            "Approval confirmed", true, "Thank you! Approved: {{approval}} (job {{job_number}}). We'll be in touch."),
    APPROVAL_DECLINED(
            "Decline confirmed",
            true,
            "Understood: declined {{approval}} (job {{job_number}}). Reply here if you change your mind."),
    VISIT_REMINDER(
            "Visit reminder (the day before)",
            true,
            "Hi {{first_name}}, this is {{company_name}}: we're coming {{visit_day}} between {{visit_window}}. Reply C to confirm or R to reschedule."),
    ON_THE_WAY(
            "On my way",
            true,
            "Hi {{first_name}}, {{technician}} from {{company_name}} is on the way{{eta}}. See you soon!"),
    HELP_REPLY(
            "Help reply (to a texted HELP or INFO)",
            true,
            "{{company_name}}: this number is for texts about your service. Reply with your question and we will get back to you. Reply STOP to stop texts.");

    final String label;

    public String label() {
        return label;
    }

    final boolean enabledByDefault;
    final String defaultBody;

    NotificationKind(String label, boolean enabledByDefault, String defaultBody) {
        this.label = label;
        this.enabledByDefault = enabledByDefault;
        this.defaultBody = defaultBody;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static NotificationKind of(JobStatus status) {
        return valueOf("STATUS_" + status.name());
    }

    boolean isStatus() {
        return name().startsWith("STATUS_");
    }
}
