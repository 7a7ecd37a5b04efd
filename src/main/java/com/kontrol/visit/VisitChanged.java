package com.kontrol.visit;

/** A visit was scheduled, moved, given to another technician, or changed its status. */
public record VisitChanged(long visitId, long jobId, long customerId) {}
