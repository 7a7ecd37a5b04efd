package com.kontrol.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an audit entry records; its {@link #code} (dotted, lower-case) is what the API and the CSV show. */
public enum AuditAction {
    MESSAGE_SENT,
    MESSAGE_RESENT,
    MESSAGE_CANCELLED,
    MESSAGE_SCHEDULED,
    MESSAGE_HELD,
    NOTIFICATION_QUEUED,
    NOTIFICATION_SKIPPED,
    INBOX_ASSIGNED,
    INBOX_DISMISSED,
    INBOX_RESTORED,
    INBOX_BLOCKED,
    CONVERSATION_ASSIGNED,
    CONVERSATION_WOKEN,
    CONVERSATION_EXPORTED,
    CUSTOMER_CHANGED,
    CUSTOMERS_IMPORTED,
    CUSTOMERS_IMPORT_UNDONE,
    JOB_CHANGED,
    OPTOUT_CHANGED,
    CONSENT_REVIEWED,
    RETENTION_APPLIED,
    VISIT_SCHEDULED,
    VISIT_CHANGED,
    APPROVAL_DECIDED,
    APPROVAL_UNDONE,
    SETTINGS_CHANGED,
    SANDBOX_TEXTED,
    USER_CREATED,
    USER_CHANGED,
    MOBILE_VERIFIED,
    USER_DELETED,
    PASSWORD_CHANGED,
    PASSWORD_RESET,
    TOKEN_CREATED,
    TOKEN_REVOKED,
    LOGIN_SUCCEEDED,
    LOGIN_FAILED;

    /** {@code message.sent}, {@code login.failed}, …: the first underscore becomes a dot, the rest stay. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replaceFirst("_", ".");
    }

    public static Optional<AuditAction> ofCode(String code) {
        return Arrays.stream(values()).filter(a -> a.code().equals(code)).findFirst();
    }
}
