package com.kontrol.audit;

import java.time.LocalDate;

/** A filter over the log; every part may be null (no filter). {@code to} is inclusive: the whole day. */
record AuditQuery(String actor, AuditAction action, Long customerId, LocalDate from, LocalDate to) {

    static final AuditQuery ALL = new AuditQuery(null, null, null, null, null);
}
