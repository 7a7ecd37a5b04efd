package com.kontrol.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Turns what people type ("(415) 555-0134", "+44 20 7946 0018") into E.164, and E.164 back into a readable form. */
@Component
public class PhoneNumbers {

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    PhoneNumbers(PhoneSettings settings) {
        this.defaultRegion = settings.defaultRegion();
    }

    /**
     * Parses typed text; numbers without a country code are read in {@code kontrol.sms.default-region}.
     *
     * @throws InvalidPhoneNumberException with a message for the person who typed it
     */
    public PhoneNumber parse(String typed) {
        if (typed == null || typed.isBlank()) {
            throw new InvalidPhoneNumberException("Enter a phone number.");
        }
        try {
            var number = util.parse(typed.strip(), defaultRegion);
            if (!util.isValidNumber(number)) {
                throw new InvalidPhoneNumberException("\"" + typed.strip()
                        + "\" is not a valid phone number. Include the country code, e.g. +1 415 555 0134.");
            }
            return new PhoneNumber(util.format(number, PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            throw new InvalidPhoneNumberException("\"" + typed.strip() + "\" is not a phone number.");
        }
    }

    /** Parses E.164 text that came from outside (a webhook), or empty when it is not a phone number (a short code, a name). */
    public Optional<PhoneNumber> e164(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(PhoneNumber.ofE164(text.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** How a person reads the number: national format at home, international otherwise. */
    public String display(String e164) {
        try {
            var number = util.parse(e164, defaultRegion);
            var region = util.getRegionCodeForNumber(number);
            var format = defaultRegion.equals(region) ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL;
            return util.format(number, format);
        } catch (NumberParseException e) {
            return e164;
        }
    }
}
