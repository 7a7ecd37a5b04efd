package com.kontrol.messaging;

/**
 * Nobody took a customer's call (or they left a voicemail): like a text of theirs, it waits for an answer. {@code
 * customerId} is null for a number that matches no customer.
 */
public record CallMissed(long messageId, Long customerId) {}
