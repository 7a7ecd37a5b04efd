package com.kontrol.notification;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A technician's "on my way" text: "OMW", "OMW 20", "omw 20min", "On my way, 20 minutes", and with two visits today
 * "OMW 2 20" (the second visit, 20 minutes away). One number is always the ETA: a visit is only ever chosen by giving
 * both, so "OMW 2" never texts the customer of the second visit "about 2 minutes" by mistake of order.
 */
record OnMyWayText(Integer visit, Integer etaMinutes) {

    private static final Pattern TEXT = Pattern.compile(
            "(?:omw|on\\s*my\\s*way)[\\s,.:;!-]*" // the words, then any punctuation
                    + "(?:(?:visit\\s*)?#?(\\d{1,3})[\\s,.:;-]+)?" // which visit, when two numbers follow
                    + "(?:(?:eta\\s*)?(\\d{1,4})\\s*(?:m|min|mins|minute|minutes)?)?" // the ETA
                    + "[\\s.!]*");

    /** The command in {@code body}, or empty when it is not an "on my way" text. */
    static Optional<OnMyWayText> parse(String body) {
        if (body == null || body.length() > 100) {
            return Optional.empty();
        }
        var m = TEXT.matcher(body.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new OnMyWayText(number(m.group(1)), number(m.group(2))));
    }

    private static Integer number(String digits) {
        return digits == null ? null : Integer.valueOf(digits);
    }
}
