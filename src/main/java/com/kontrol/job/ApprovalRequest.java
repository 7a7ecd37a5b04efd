package com.kontrol.job;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;

/** A question to the customer about a job ("replace 12 shingles, $450?"), and their answer once given. */
public record ApprovalRequest(
        long id,
        long jobId,
        String summary,
        BigDecimal amount,
        String status,
        JobStatus statusBefore,
        String decidedVia,
        String decidedBy,
        OffsetDateTime decidedAt,
        String createdBy,
        OffsetDateTime createdAt) {

    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String DECLINED = "declined";

    public boolean isPending() {
        return PENDING.equals(status);
    }

    /** "Replace 12 shingles ($450.00)". */
    public String describe() {
        return amount == null ? summary : summary + " ($" + amount.setScale(2, RoundingMode.HALF_UP) + ")";
    }
}
