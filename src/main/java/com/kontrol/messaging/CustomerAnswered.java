package com.kontrol.messaging;

import java.time.OffsetDateTime;

/**
 * The team answered a customer who waited, in the transaction of the answer: since when they waited, when the answer
 * went, whether a first response was owed (the wait began while the conversation was closed, snoozed or new) or a
 * next one, and who answered ({@code username}; null for a notification, which answers too).
 */
public record CustomerAnswered(
        long customerId,
        long messageId,
        String username,
        OffsetDateTime waitedSince,
        OffsetDateTime answeredAt,
        boolean first) {}
