package com.kontrol.messaging;

/** The delivery status of a sent text moved forward (or the text was withdrawn before it went). */
public record MessageStatusChanged(long messageId, Long customerId, String status) {}
