package com.kontrol.phone;

import java.util.Locale;

/** How a number's consent last changed; {@link #code} is what the database and the API keep. */
public enum ConsentSource {
    /** The number texted STOP or START (or another word of those families). */
    TEXTED,
    /** Someone on the team recorded what the person said on the phone or in person. */
    STAFF,
    /** Someone on the team decided that a text in the person's own words took back consent. */
    REVIEW,
    /** The provider refused a text because the number had opted out with the carrier. */
    CARRIER,
    /** A file of customers imported by an admin marked the number opted out. */
    IMPORTED,
    /** Kept from before consent belonged to numbers (an opted-out customer's or inbox number's). */
    MIGRATED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConsentSource ofCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
