package com.kontrol.messaging;

/** A text from outside was stored: in its customer's thread, or in the unassigned inbox when customerId is null. */
public record MessageReceived(Message message) {}
