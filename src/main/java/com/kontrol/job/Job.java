package com.kontrol.job;

import java.time.OffsetDateTime;

/** A piece of work for a customer, known to people by its number (1001, 1002, …). */
public record Job(
        long id,
        long number,
        String title,
        JobStatus status,
        long customerId,
        String portalToken,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
