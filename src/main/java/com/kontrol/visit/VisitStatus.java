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
    CANCELLED("Cancelled");

    private final String label;

    VisitStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
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
