package com.kontrol.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import java.time.DateTimeException;
import java.time.ZoneId;
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

    /** The region (ISO 3166 code, e.g. {@code US}) a number belongs to, or empty when it cannot be told. */
    public Optional<String> regionOf(String e164) {
        try {
            return Optional.ofNullable(util.getRegionCodeForNumber(util.parse(e164, defaultRegion)))
                    .filter(r -> !"ZZ".equals(r));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** Whether a number costs whoever texts it extra (premium rate, shared cost): automatic texts never go there. */
    public boolean isPremium(String e164) {
        try {
            var type = util.getNumberType(util.parse(e164, defaultRegion));
            return type == PhoneNumberType.PREMIUM_RATE || type == PhoneNumberType.SHARED_COST;
        } catch (NumberParseException e) {
            return false;
        }
    }

    /**
     * The time zone a number's owner lives in, from libphonenumber's mapper; {@code fallback} (the business's zone)
     * when the number spans several zones (most US area codes do not, a mobile's country may) or none is known.
     */
    public ZoneId zoneOf(String e164, ZoneId fallback) {
        try {
            var zones = zones().getTimeZonesForNumber(util.parse(e164, defaultRegion));
            if (zones.size() == 1 && !zones.get(0).equals(PhoneNumberToTimeZonesMapper.getUnknownTimeZone())) {
                return ZoneId.of(zones.get(0));
            }
        } catch (NumberParseException | DateTimeException e) {
            // an unparseable number or a zone Java does not know: the business's zone
        }
        return fallback;
    }

    private static PhoneNumberToTimeZonesMapper zones() {
        return PhoneNumberToTimeZonesMapper.getInstance(); // loads its data once, on first use
    }

    /** The default region, e.g. {@code US}: the country the business serves unless configured otherwise. */
    public String defaultRegion() {
        return defaultRegion;
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
