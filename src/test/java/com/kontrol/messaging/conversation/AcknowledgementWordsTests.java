package com.kontrol.messaging.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which texts are a bare acknowledgement, however they are spelled out. */
class AcknowledgementWordsTests {

    private final Acknowledgements.Setting setting = new Acknowledgements.Setting(
            true,
            List.of("ok", "thanks", "merci à vous", "ᾯ").stream()
                    .map(Acknowledgements::normalise)
                    .toList(),
            "admin",
            null);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ok",
                "OK!!!",
                "  Thanks.  ",
                "ok . . . . ! ! ! ! . . . . ! ! ! ! . . . . ! ! ! ! . . . .",
                "merci   a\u0300   vous!!",
                "\u03A9\u0314\u0342\u0345" // one Greek letter with three marks: composed, it is the word
            })
    void theseAreBare(String text) {
        assertThat(setting.isBare(text)).as(text).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ok, but the sink is still leaking",
                "thanks for coming, the sink is fine now",
                "Hi, the kitchen sink is leaking again & the pipe under it makes a noise, can someone come by?",
                "okay",
                ""
            })
    void theseAreNot(String text) {
        assertThat(setting.isBare(text)).as(text).isFalse();
    }

    @Test
    void aLetterWrittenWithItsThreeMarksIsTheOneLetterListed() {
        var greek = new Acknowledgements.Setting(true, List.of(Acknowledgements.normalise("ᾯ")), "admin", null);
        assertThat(greek.isBare("\u03A9\u0314\u0342\u0345")).isTrue();
        assertThat(greek.isBare("\u03A9\u0314\u0342\u0345 \u03A9")).isFalse();
    }

    @Test
    void aTextIsComparedAsTheTwoRegularExpressionsComparedIt() {
        // The reference: how texts were normalised before it was done by hand (composed, trimmed, lower case, the
        // closing run of dots, "!" and spaces cut, each run of spaces inside one space).
        var closing = java.util.regex.Pattern.compile("[.!\\s]+$");
        var spaces = java.util.regex.Pattern.compile("\\s+");
        var random = new java.util.Random(39);
        String[] pieces = {
            "o",
            "K",
            "é",
            "e\u0301",
            "\u03A9\u0314",
            " ",
            "  ",
            "\t",
            "\n",
            "\u000B",
            "\u00A0",
            "\u2003",
            "\u001C",
            ".",
            "!",
            "?",
            "👍",
            "İ",
            "ß"
        };
        for (int round = 0; round < 20_000; round++) {
            var text = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            var t = text.toString();
            var composed = java.text.Normalizer.normalize(t, java.text.Normalizer.Form.NFC)
                    .strip()
                    .toLowerCase(java.util.Locale.ROOT);
            var expected =
                    spaces.matcher(closing.matcher(composed).replaceAll("")).replaceAll(" ");
            assertThat(Acknowledgements.normalise(t)).as("\"%s\"", t).isEqualTo(expected);
        }
    }
}
