package com.kontrol.twilio;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an {@code application/x-www-form-urlencoded} body into its parameters, in order, the first value of a repeated
 * name winning. Read from the raw body rather than the servlet's parameter map, which mixes in the query string: Twilio
 * signs the body's parameters only.
 */
final class FormBody {

    private FormBody() {}

    /**
     * @throws IllegalArgumentException for a malformed percent-escape
     */
    static Map<String, String> parse(byte[] body) {
        var params = new LinkedHashMap<String, String>();
        int from = 0;
        while (from <= body.length) {
            int end = indexOf(body, (byte) '&', from, body.length);
            if (end > from) {
                int eq = indexOf(body, (byte) '=', from, end);
                var name = decode(body, from, eq);
                var value = eq < end ? decode(body, eq + 1, end) : "";
                params.putIfAbsent(name, value);
            }
            from = end + 1;
        }
        return params;
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return to;
    }

    /** Percent-escapes and '+' decoded to bytes, then the bytes read as UTF-8 (malformed sequences become U+FFFD). */
    private static String decode(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && bytes[i] != '%' && bytes[i] != '+') {
            i++;
        }
        if (i == to) { // nothing escaped: nearly every name, and many values
            return new String(bytes, from, to - from, StandardCharsets.UTF_8);
        }
        var out = new byte[to - from];
        int n = i - from;
        System.arraycopy(bytes, from, out, 0, n);
        while (i < to) {
            byte b = bytes[i];
            if (b == '+') {
                out[n++] = ' ';
                i++;
            } else if (b == '%') {
                if (i + 2 >= to) {
                    throw new IllegalArgumentException("An incomplete percent-escape");
                }
                int high = Character.digit(bytes[i + 1], 16);
                int low = Character.digit(bytes[i + 2], 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("A malformed percent-escape");
                }
                out[n++] = (byte) (high << 4 | low);
                i += 3;
            } else {
                out[n++] = b;
                i++;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
