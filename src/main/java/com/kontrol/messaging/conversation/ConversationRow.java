package com.kontrol.messaging.conversation;

import java.time.OffsetDateTime;

/**
 * One row of a team-inbox view: a customer's conversation, its state and owner, since when the customer has waited
 * for an answer (null when answered), its latest message, whether the person looking has read it, and whether a note
 * mentions them that they have not seen; who last set the owner and the state, and when.
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
        boolean mentioned,
        String ownerSetBy,
        OffsetDateTime ownerSetAt,
        String stateChangedBy,
        OffsetDateTime stateChangedAt) {

    /** The owner was given by someone else (shown in the thread: "given to robin by dana"). */
    public boolean ownerGivenByOther() {
        return owner != null && ownerSetBy != null && !owner.equals(ownerSetBy);
    }
}
