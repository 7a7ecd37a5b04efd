package com.kontrol.visit;

/**
 * The customer answered a visit by text: confirmed it, or asked for another time in their {@code words}. For the visit's
 * {@code technician} (a username, or null while nobody is set to go).
 */
public record VisitAnswered(
        long visitId, long jobId, long customerId, String technician, VisitStatus answer, String words, String day) {}
