package com.kontrol.messaging.inbound;

import com.kontrol.messaging.CarrierKeywords;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A text with its route (the sender's E.164 number, or null for a short code or a name), its STOP or START if it is
 * one, whether its words may take back consent, who typed it on the Dev Phone (null: whoever has the number), and
 * when it arrived (before now when it waited in the outage spool).
 */
record Routed(
        IncomingText text,
        String route,
        Optional<CarrierKeywords.Keyword> keyword,
        boolean mayRevokeConsent,
        String typedBy,
        OffsetDateTime at) {}
