package com.kontrol.notification;

/** The wording of one notification and whether it is sent at all. */
public record NotificationTemplate(NotificationKind kind, String body, boolean enabled, String updatedBy) {}
