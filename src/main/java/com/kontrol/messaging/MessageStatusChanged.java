package com.kontrol.messaging;

/** The delivery status of a sent text moved forward. */
public record MessageStatusChanged(Message message) {}
