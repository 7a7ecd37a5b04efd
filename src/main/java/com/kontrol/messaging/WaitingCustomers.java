package com.kontrol.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who waits for an answer, as the team inbox sees it, for other modules: alerts go to a conversation's owner and
 * escalate a text that waited too long, and stop once someone replied or closed the conversation.
 */
public interface WaitingCustomers {

    /**
     * A customer's conversation: its owner (a username, or null) and, while it is open and unanswered, since when the
     * customer has waited (else null).
     */
    record Wait(long customerId, String owner, Instant since) {}

    /** The conversation of {@code customerId}, if there is one. */
    Optional<Wait> of(long customerId);

    /** Open, unanswered conversations whose customer has waited since a moment in [{@code from}, {@code until}], oldest first. */
    List<Wait> waitingBetween(Instant from, Instant until, int limit);

    /** Whether the customer still waits, open and unanswered, since {@code since} (no reply, close or snooze since). */
    default boolean stillWaiting(long customerId, Instant since) {
        return of(customerId).map(w -> since.equals(w.since())).orElse(false);
    }
}
