package com.kontrol.audit;

import java.time.OffsetDateTime;

/**
 * One entry: when, who ({@code actor}: a username, or {@link AuditLog#CUSTOMER}, {@link AuditLog#CARRIER},
 * {@link AuditLog#SYSTEM}), what, about which customer if any, and a sentence that says the rest.
 */
public record AuditEvent(long id, OffsetDateTime at, String actor, String action, Long customerId, String detail) {}
