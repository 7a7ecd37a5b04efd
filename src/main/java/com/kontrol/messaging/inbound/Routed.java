package com.kontrol.messaging.inbound;

import com.kontrol.messaging.CarrierKeywords;
import java.util.Optional;

/**
 * A text with its route (the sender's E.164 number, or null for a short code or a name), its STOP or START if it is
 * one, whether its words may take back consent, and who typed it on the Dev Phone (null: whoever has the number).
 */
record Routed(
        IncomingText text,
        String route,
        Optional<CarrierKeywords.Keyword> keyword,
        boolean mayRevokeConsent,
        String typedBy) {}
