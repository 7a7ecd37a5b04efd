package com.kontrol.messaging;

/** Someone took, gave, closed, reopened or snoozed a customer's conversation: the team inbox's lists change. */
public record ConversationChanged(long customerId) {}
