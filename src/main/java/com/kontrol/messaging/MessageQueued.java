package com.kontrol.messaging;

/** A text was written to the outbox; it goes out after the transaction commits. */
public record MessageQueued(Message message) {}
