package com.kontrol.alert;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kontrol.alerts.*}: how many minutes of business hours a customer's text may wait unanswered before the
 * e-mail alert, and the address alert e-mails come from.
 */
@ConfigurationProperties("kontrol.alerts")
record AlertSettings(
        @DefaultValue("10") int unansweredMinutes,
        @DefaultValue("kontrol@localhost") String mailFrom) {

    AlertSettings {
        if (unansweredMinutes < 1 || unansweredMinutes > 24 * 60) {
            throw new IllegalArgumentException(
                    "kontrol.alerts.unanswered-minutes must be between 1 and 1440, not " + unansweredMinutes);
        }
    }
}
