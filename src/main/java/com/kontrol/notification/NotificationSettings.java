package com.kontrol.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kontrol.notifications.settle-seconds}: how long a status notification waits before it goes, so that a
 * status changed back and forth quickly sends one text (the last), not one per change.
 */
@ConfigurationProperties("kontrol.notifications")
record NotificationSettings(@DefaultValue("10") int settleSeconds) {}
