package com.kontrol.visit;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** A visit on a job: the day, the arrival window, the technician who goes, and where it stands. */
public record Visit(
        long id,
        long jobId,
        LocalDate date,
        ArrivalWindow window,
        String technician,
        VisitStatus status,
        String createdBy,
        OffsetDateTime createdAt) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    /** "Wed 2 Dec 2026". */
    public String dayLabel() {
        return date.format(DAY);
    }

    public boolean cancelled() {
        return status == VisitStatus.CANCELLED;
    }
}
