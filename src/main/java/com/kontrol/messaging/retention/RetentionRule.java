package com.kontrol.messaging.retention;

import java.time.OffsetDateTime;

/** How long texts are kept ({@code days} null: for good) and whether the provider's copies are deleted too. */
public record RetentionRule(Integer days, boolean deleteAtProvider, String changedBy, OffsetDateTime changedAt) {

    static final int MAX_DAYS = 3650;

    public boolean on() {
        return days != null;
    }
}
