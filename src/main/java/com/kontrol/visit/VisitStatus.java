package com.kontrol.visit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a visit stands; {@link #code} is what the API and the database say. */
public enum VisitStatus {
    SCHEDULED("Scheduled"),
    CONFIRMED("Confirmed by the customer"),
    RESCHEDULE_REQUESTED("Reschedule requested"),
    ON_THE_WAY("On the way"),
    ARRIVED("Arrived"),
    DONE("Done"),
    CANCELLED("Cancelled");

    private final String label;

    VisitStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The technician is on the way, there, or finished: no reminder or "On my way" any more. */
    public boolean underway() {
        return this == ON_THE_WAY || this == ARRIVED || this == DONE;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<VisitStatus> ofCode(String code) {
        return Arrays.stream(values())
                .filter(s -> s.code().equals(code == null ? "" : code.strip().toLowerCase(Locale.ROOT)))
                .findFirst();
    }
}
