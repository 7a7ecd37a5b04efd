package com.kontrol.job;

/** Staff asked the customer to approve something on a job. */
public record ApprovalRequested(ApprovalRequest request, long customerId) {}
