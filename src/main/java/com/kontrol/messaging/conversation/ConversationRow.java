package com.kontrol.messaging.conversation;

import java.time.OffsetDateTime;

/**
 * One row of a team-inbox view: a customer's conversation, its state and owner, since when the customer has waited
 * for an answer (null when answered), its latest message, whether the person looking has read it, and whether a note
 * mentions them that they have not seen.
 */
public record ConversationRow(
        long customerId,
        String customerName,
        String state,
        OffsetDateTime snoozedUntil,
        String owner,
        OffsetDateTime waitingSince,
        long lastMessageId,
        OffsetDateTime lastActivityAt,
        boolean unread,
        boolean mentioned) {}
