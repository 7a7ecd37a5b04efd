package com.kontrol.messaging;

import java.time.Instant;
import java.util.Optional;

/**
 * When the office opens, as Settings › Business hours says (the notification module keeps them): snooze and send later
 * offer "next opening" rather than a fixed 8:00 that may fall on a Sunday or a holiday.
 */
public interface OpeningHours {

    /** The first moment at or after {@code at} when the office is open, or empty when it never opens in the next year. */
    Optional<Instant> nextOpening(Instant at);
}
