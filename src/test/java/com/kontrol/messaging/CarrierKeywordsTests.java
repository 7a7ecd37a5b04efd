package com.kontrol.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.messaging.CarrierKeywords.Keyword;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which whole texts are a carrier keyword, however they are typed. */
class CarrierKeywordsTests {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "stop|STOP",
                "  Unsubscribe |STOP",
                "StopAll|STOP",
                "start|START",
                "yes|START",
                "help|HELP",
                "Help!|HELP",
                "info...?!|HELP",
                "HELP!!!!!!!!!!??|HELP",
            })
    void theseAreKeywords(String text, Keyword keyword) {
        assertThat(CarrierKeywords.of(text, null)).as(text).contains(keyword);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "stop!", // a mark after STOP is not the keyword (carriers read the bare word)
                "please stop",
                "stop texting me about the boiler, we fixed it ourselves",
                "helpful",
                "UNSUBSCRIBEX",
            })
    void theseAreNot(String text) {
        assertThat(CarrierKeywords.of(text, null)).as(text).isEmpty();
    }

    @Test
    void theProvidersOwnOptOutTypeWinsOverTheWords() {
        assertThat(CarrierKeywords.of("whatever", "STOP")).contains(Keyword.STOP);
        assertThat(CarrierKeywords.consentKeyword("help", null)).isEmpty();
    }

    @Test
    void aTextIsReadAsTheRegularExpressionReadIt() {
        // The reference: how texts were read before the long ones were let go at once (upper case of the whole text,
        // the closing marks cut by a regular expression for HELP).
        String[] pieces = {
            "s",
            "t",
            "o",
            "p",
            "S",
            "T",
            "O",
            "P",
            "help",
            "info",
            "unsubscribe",
            "ß",
            "ﬁ",
            "ſ",
            ".",
            "!",
            "?",
            " ",
            "\t",
            "yes",
            "start",
            "x",
            "İ"
        };
        var random = new Random(39);
        for (int round = 0; round < 50_000; round++) {
            var text = new StringBuilder();
            for (int n = random.nextInt(14); n > 0; n--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            var t = text.toString();
            assertThat(CarrierKeywords.of(t, null)).as("\"%s\"", t).isEqualTo(reference(t));
        }
    }

    private static Optional<Keyword> reference(String body) {
        var word = body.strip().toUpperCase(Locale.ROOT);
        if (Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT")
                .contains(word)) {
            return Optional.of(Keyword.STOP);
        }
        if (Set.of("START", "UNSTOP", "YES").contains(word)) {
            return Optional.of(Keyword.START);
        }
        if (Set.of("HELP", "INFO").contains(word.replaceAll("[.!?]+$", ""))) {
            return Optional.of(Keyword.HELP);
        }
        return Optional.empty();
    }
}
