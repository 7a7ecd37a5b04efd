package com.kontrol.visit;

import java.time.OffsetDateTime;

/** The customer's texted answer to a visit: confirmed, or a reschedule asked for in their words. */
public record VisitAnswer(
        long id,
        long visitId,
        VisitStatus answer,
        String words,
        Long messageId,
        VisitStatus previousStatus,
        OffsetDateTime answeredAt,
        String undoneBy) {

    public boolean undone() {
        return undoneBy != null;
    }
}
