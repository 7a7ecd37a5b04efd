package com.kontrol.hours;

/**
 * Someone on the on-call rotation was paged for an emergency: the customer, the text (or call) that raised it, and who.
 * The page itself went by text; a push to their devices goes with it.
 */
public record EmergencyPaged(long emergencyId, long customerId, long messageId, String username) {}
