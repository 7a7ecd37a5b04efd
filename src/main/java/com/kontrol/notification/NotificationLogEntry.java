package com.kontrol.notification;

import java.time.OffsetDateTime;

/** One notification that was queued, skipped (with the reason) or replaced, and who or what caused it. */
public record NotificationLogEntry(
        long id,
        Long jobId,
        String kind,
        String outcome,
        String reason,
        Long messageId,
        String causedBy,
        OffsetDateTime createdAt) {

    /** The notification in words ("Job in progress"), or its code for a kind this version does not know. */
    public String kindLabel() {
        for (var k : NotificationKind.values()) {
            if (k.code().equals(kind)) {
                return k.label();
            }
        }
        return kind;
    }
}
