package com.kontrol.job;

import java.time.OffsetDateTime;

/** One line of a job's status history; {@code from} is null for the status it was created with. */
public record StatusChange(JobStatus from, JobStatus to, String changedBy, OffsetDateTime changedAt) {}
