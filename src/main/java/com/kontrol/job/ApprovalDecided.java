package com.kontrol.job;

/** A customer (or staff on their behalf) approved or declined a request; {@code undone} when staff took it back. */
public record ApprovalDecided(ApprovalRequest request, long customerId, boolean undone) {}
