package com.kontrol.messaging.consent;

import com.kontrol.phone.NumberConsent;
import com.kontrol.phone.PhoneNumber;
import com.kontrol.web.ApiController;
import com.kontrol.web.InvalidInputException;
import java.time.OffsetDateTime;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code GET /api/v1/numbers/{e164}}: whether a number may be texted, for the whole business, and how that came about.
 * A number never opted out answers {@code "optedOut": false} with the rest null.
 */
@ApiController
class NumberConsentApiController {

    record NumberJson(
            String number, boolean optedOut, OffsetDateTime changedAt, String reason, String source, String by) {}

    private final NumberConsent consent;

    NumberConsentApiController(NumberConsent consent) {
        this.consent = consent;
    }

    @GetMapping("/api/v1/numbers/{e164}")
    NumberJson number(@PathVariable String e164) {
        PhoneNumber number;
        try {
            number = PhoneNumber.ofE164(e164.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("\"" + e164 + "\" is not a phone number in E.164 form, e.g. +14155550134.");
        }
        var s = consent.stateOf(number.e164());
        return new NumberJson(
                s.number(),
                s.optedOut(),
                s.changedAt(),
                s.words(),
                s.source() == null ? null : s.source().code(),
                s.by());
    }
}
