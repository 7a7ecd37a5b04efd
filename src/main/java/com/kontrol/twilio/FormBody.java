package com.kontrol.twilio;

import java.net.URLDecoder;
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
        var text = new String(body, StandardCharsets.ISO_8859_1); // bytes as-is: decoding happens per value below
        for (var pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            var name = decode(eq < 0 ? pair : pair.substring(0, eq));
            var value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String decode(String latin1) {
        // Back to the original bytes, then percent-decoding as UTF-8 (malformed sequences become U+FFFD).
        var raw = new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }
}
