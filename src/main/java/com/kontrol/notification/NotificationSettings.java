package com.kontrol.notification;

import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kontrol.notifications.settle-seconds}: how long a status notification waits before it goes, so that a
 * status changed back and forth quickly sends one text (the last), not one per change; {@code reminder-at}: the time
 * of day, the day before a visit, its reminder goes (moved into that day's business hours when the office is closed
 * then).
 */
@ConfigurationProperties("kontrol.notifications")
record NotificationSettings(
        @DefaultValue("10") int settleSeconds,
        @DefaultValue("17:00") LocalTime reminderAt) {}
