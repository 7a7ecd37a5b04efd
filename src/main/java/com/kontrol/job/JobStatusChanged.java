package com.kontrol.job;

/** A job moved from one status to another; {@code changedBy} is the staff user or what caused it. */
public record JobStatusChanged(long jobId, long customerId, JobStatus from, JobStatus to, String changedBy) {}
