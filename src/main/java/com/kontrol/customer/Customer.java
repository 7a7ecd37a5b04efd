package com.kontrol.customer;

import com.kontrol.phone.PhoneNumber;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** A customer of the business. {@code phones} holds every number, the primary first. */
public record Customer(
        long id,
        String name,
        List<PhoneNumber> phones,
        boolean smsEnabled,
        OffsetDateTime smsOptedOutAt,
        OffsetDateTime createdAt) {

    public Optional<PhoneNumber> primaryPhone() {
        return phones.isEmpty() ? Optional.empty() : Optional.of(phones.get(0));
    }

    public boolean smsOptedOut() {
        return smsOptedOutAt != null;
    }

    public String firstName() {
        var trimmed = name.strip();
        int space = trimmed.indexOf(' ');
        return space < 0 ? trimmed : trimmed.substring(0, space);
    }
}
