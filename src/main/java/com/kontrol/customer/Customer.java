package com.kontrol.customer;

import com.kontrol.phone.NumberOptOut;
import com.kontrol.phone.PhoneNumber;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A customer of the business. {@code phones} holds every number, the primary first; {@code optOuts} those of them
 * that may not be texted (consent belongs to the number: see {@link com.kontrol.phone.NumberConsent}); {@code address}
 * where they are (the street address a technician drives to), or null.
 */
public record Customer(
        long id,
        String name,
        List<PhoneNumber> phones,
        boolean smsEnabled,
        List<NumberOptOut> optOuts,
        OffsetDateTime createdAt,
        String address) {

    public Optional<PhoneNumber> primaryPhone() {
        return phones.isEmpty() ? Optional.empty() : Optional.of(phones.get(0));
    }

    /**
     * True when any of the customer's numbers has opted out: a STOP from one of a person's phones is that person's
     * wish, so nothing goes to them until it is undone (or the number is taken off the customer).
     */
    public boolean smsOptedOut() {
        return !optOuts.isEmpty();
    }

    /** Since when the customer may not be texted (the earliest opt-out of their numbers), or null. */
    public OffsetDateTime smsOptedOutAt() {
        return optOuts.stream()
                .map(NumberOptOut::since)
                .min(Comparator.naturalOrder())
                .orElse(null);
    }

    public String firstName() {
        var trimmed = name.strip();
        int space = trimmed.indexOf(' ');
        return space < 0 ? trimmed : trimmed.substring(0, space);
    }
}
