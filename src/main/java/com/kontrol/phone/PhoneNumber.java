package com.kontrol.phone;

import java.util.regex.Pattern;

/** A phone number in E.164 form ({@code +14155550134}); only {@link PhoneNumbers} makes them from user input. */
public record PhoneNumber(String e164) {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    public PhoneNumber {
        if (e164 == null || !E164.matcher(e164).matches()) {
            throw new IllegalArgumentException("Not an E.164 number: " + e164);
        }
    }

    /** Reads a value that was stored as E.164; for typed input use {@link PhoneNumbers#parse}. */
    public static PhoneNumber ofE164(String e164) {
        return new PhoneNumber(e164);
    }

    @Override
    public String toString() {
        return e164;
    }
}
