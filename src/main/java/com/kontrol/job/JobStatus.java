package com.kontrol.job;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a job stands. Written in lower case wherever it leaves Kontrol ({@code in_progress}). */
public enum JobStatus {
    SCHEDULED("Scheduled"),
    IN_PROGRESS("In progress"),
    AWAITING_APPROVAL("Awaiting approval"),
    COMPLETED("Completed"),
    CANCELLED("Cancelled");

    private final String label;

    JobStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isOpen() {
        return this != COMPLETED && this != CANCELLED;
    }

    public static Optional<JobStatus> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return Arrays.stream(values())
                .filter(s -> s.code().equals(code.strip().toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    public static String codes() {
        return Arrays.stream(values()).map(JobStatus::code).collect(Collectors.joining(", "));
    }
}
