package com.kontrol.twilio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A webhook's form body read as Twilio sent it: the values it signed, byte for byte. */
class FormBodyTests {

    @Test
    void aTextsParametersAreReadInOrder() {
        var body = "ToCountry=US&Body=Caf%C3%A9+at+9%3F+%E2%9C%93+%F0%9F%98%80+50%25+%26+more&From=%2B14155551234"
                + "&NumMedia=0&Empty=&Bare&&From=%2B10000000000";
        assertThat(FormBody.parse(body.getBytes(UTF_8)))
                .containsExactly(
                        Map.entry("ToCountry", "US"),
                        Map.entry("Body", "Café at 9? ✓ 😀 50% & more"),
                        Map.entry("From", "+14155551234"), // the first of a repeated name
                        Map.entry("NumMedia", "0"),
                        Map.entry("Empty", ""),
                        Map.entry("Bare", ""));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a=b",
                "Body=%E2%9C%93%20ok+%2B1&x=%C3%A9t%C3%A9",
                "MediaUrl0=https%3A%2F%2Fapi.twilio.com%2F2010-04-01%2FAccounts%2FAC1%2FMessages%2FMM1%2FMedia%2FME1",
                "Body=%ED%A0%80&n=%FF%FE", // bytes that are not UTF-8 become U+FFFD, as URLDecoder makes them
                "",
                "&&="
            })
    void valuesAreWhatUrlDecoderMakesOfThem(String body) {
        var expected = new LinkedHashMap<String, String>();
        for (var pair : body.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                expected.putIfAbsent(
                        URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8));
            }
        }
        assertThat(FormBody.parse(body.getBytes(UTF_8))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Body=%ZZ", "From=%", "Body=ok%4", "Body=%G1", "%=x"})
    void aMalformedEscapeIsRefused(String body) {
        assertThatThrownBy(() -> FormBody.parse(body.getBytes(UTF_8))).isInstanceOf(IllegalArgumentException.class);
    }
}
