package com.kontrol.messaging.outbound;

/**
 * How many SMS segments a text costs. GSM-7 carries 160 characters in one segment or 153 per segment of a longer text
 * (the extension characters such as {@code €} and {@code {} take two); one character outside GSM-7 switches the whole
 * text to UCS-2: 70, or 67 per segment, counted in UTF-16 units (an emoji takes two).
 */
public final class SmsSegments {

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENDED = "\f^{}\\[~]|€";

    public enum Encoding {
        GSM_7,
        UCS_2
    }

    /** The count for one text: its length in the units of its encoding, and its segments. */
    public record Count(Encoding encoding, int characters, int segments) {}

    private SmsSegments() {}

    public static Count of(String text) {
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM_BASIC.indexOf(c) >= 0) {
                septets += 1;
            } else if (GSM_EXTENDED.indexOf(c) >= 0) {
                septets += 2;
            } else {
                int units = text.length();
                return new Count(Encoding.UCS_2, units, segments(units, 70, 67));
            }
        }
        return new Count(Encoding.GSM_7, septets, segments(septets, 160, 153));
    }

    private static int segments(int units, int single, int perPart) {
        if (units == 0) {
            return 0;
        }
        return units <= single ? 1 : (units + perPart - 1) / perPart;
    }
}
